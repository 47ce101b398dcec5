package io.mailfleet.mta.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.mta.spool.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1,000 sessions send 1 MiB each at the same time to a server whose JVM has a 64 MiB heap and 32
 * MiB of direct memory: a server that held messages whole would need a gigabyte. The heap measured
 * is what the collector reports in use right after each collection (an upper bound of the live set,
 * as a young collection leaves old garbage in place).
 */
class BoundedMemoryIT {

  private static final int SESSIONS = 1000;
  private static final int MESSAGE_BYTES = 1 << 20;
  private static final long HEAP_LIMIT = 64L << 20;

  @TempDir Path work;

  @Test
  void thousandConcurrentLargeMessagesKeepTheServerHeapBounded() throws Exception {
    ChildJvm child = startChild();
    ExecutorService clients = Executors.newFixedThreadPool(SESSIONS);
    try {
      Awaitility.await("child SMTP server to listen")
          .atMost(Duration.ofSeconds(30))
          .failFast("child exited", () -> !child.isAlive())
          .until(() -> child.lines().stream().anyMatch(l -> l.startsWith("PORT ")));
      int port =
          Integer.parseInt(
              child.lines().stream()
                  .filter(l -> l.startsWith("PORT "))
                  .findFirst()
                  .get()
                  .substring(5));

      CountDownLatch allInData = new CountDownLatch(SESSIONS);
      List<Future<String>> replies = new ArrayList<>();
      for (int i = 0; i < SESSIONS; i++) {
        replies.add(clients.submit(() -> sendLargeMessage(port, allInData)));
      }
      for (Future<String> reply : replies) {
        assertThat(reply.get(90, TimeUnit.SECONDS)).startsWith("250 2.0.0 Ok: queued as d");
      }

      List<String> committed =
          child.lines().stream().filter(l -> l.startsWith("COMMITTED ")).toList();
      assertThat(committed).hasSize(SESSIONS);
      assertThat(committed)
          .allSatisfy(
              l -> assertThat(Long.parseLong(l.substring(10))).isGreaterThan(MESSAGE_BYTES));
      long livePeak =
          child.lines().stream()
              .filter(l -> l.startsWith("PEAK "))
              .mapToLong(l -> Long.parseLong(l.split(" ")[1]))
              .max()
              .orElseThrow();
      System.out.printf(
          "%d sessions x %d bytes: live heap peak %d KiB%n",
          SESSIONS, MESSAGE_BYTES, livePeak >> 10);
      assertThat(livePeak).as("heap pools reported").isPositive();
      assertThat(livePeak)
          .as("live heap after GC with %d sessions in DATA", SESSIONS)
          .isLessThan(HEAP_LIMIT * 3 / 4);
      assertThat(child.isAlive()).as("server survived").isTrue();
    } finally {
      clients.shutdownNow();
      child.kill();
    }
  }

  /** One session: greeting, pipelined envelope, then (once all are in DATA) 1 MiB and the dot. */
  private static String sendLargeMessage(int port, CountDownLatch allInData) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(120_000);
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      OutputStream out = socket.getOutputStream();
      in.readLine();
      out.write(
          ("EHLO load\r\nMAIL FROM:<load@example.com>\r\nRCPT TO:<sink@example.org>\r\nDATA\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      String line;
      do {
        line = in.readLine();
      } while (line != null
          && !line.startsWith("354")
          && !line.startsWith("4")
          && !line.startsWith("5"));
      allInData.countDown();
      if (line == null || !line.startsWith("354")) {
        return String.valueOf(line);
      }
      allInData.await(60, TimeUnit.SECONDS);
      byte[] block = body();
      for (int sent = 0; sent < MESSAGE_BYTES; sent += block.length) {
        out.write(block);
      }
      out.write(".\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
      return in.readLine();
    }
  }

  /** 64 KiB of 100-octet lines. */
  private static byte[] body() {
    byte[] line = new byte[100];
    Arrays.fill(line, (byte) 'm');
    line[98] = '\r';
    line[99] = '\n';
    byte[] block = new byte[64 * 1000];
    for (int i = 0; i < block.length; i += line.length) {
      System.arraycopy(line, 0, block, i, line.length);
    }
    return block;
  }

  private ChildJvm startChild() throws IOException {
    return ChildJvm.startWith(
        work,
        List.of("-Xmx" + (HEAP_LIMIT >> 20) + "m", "-XX:MaxDirectMemorySize=32m"),
        SmallHeapSmtpChild.class.getName());
  }
}
