package io.mailfleet.mta.spool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1,000 messages of 1 MiB written at once, interleaved, by a JVM with a 192 MiB heap: bodies are
 * never held whole, so a gigabyte of concurrent content fits.
 */
class SpoolMemoryIT {

  @TempDir Path work;

  @Test
  void thousandConcurrentLargeMessagesFitInASmallHeap() throws Exception {
    try (ChildJvm child =
        ChildJvm.startWithHeap(
            work,
            "-Xmx192m",
            SpoolMemoryChild.class.getName(),
            work.resolve("spool").toString(),
            "1000",
            "1024")) {
      Awaitility.await("child to store 1,000 messages of 1 MiB")
          .atMost(Duration.ofMinutes(3))
          .until(() -> !child.isAlive());
      assertThat(child.exitCode()).as("child exit status; stderr: %s", child.stderr()).isZero();
      assertThat(child.lines()).contains("STORED 1000 " + 1000L * 1024 * 1024);
    }
  }
}
