package io.mailfleet.mta.spool;

import io.mailfleet.mta.config.Durability;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The child JVM of {@link SpoolCrashIT}: loads a file spool from many threads until it is killed,
 * printing {@code ACK <id> <seed>} the moment a commit is durable and {@code DONE <id>} the moment
 * a completion is. Args: spool directory, durability, threads.
 */
public final class SpoolLoadChild {

  private static final PrintStream OUT = System.out;

  private SpoolLoadChild() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    Durability durability = Durability.valueOf(args[1]);
    int threads = Integer.parseInt(args[2]);
    FileSpool spool =
        FileSpool.open(
            FileSpoolOptions.of(dir, durability).withSegments(1 << 20, Duration.ofMillis(10)),
            SpoolObserver.NONE);
    AtomicInteger seeds = new AtomicInteger(new Random().nextInt(1 << 20) << 10);
    print("READY");
    for (int t = 0; t < threads; t++) {
      Thread worker = new Thread(() -> load(spool, seeds), "load-" + t);
      worker.start();
    }
  }

  private static void load(FileSpool spool, AtomicInteger seeds) {
    while (true) {
      int seed = seeds.getAndIncrement();
      SpoolWriter writer = spool.begin(envelopeFor(seed));
      byte[] content = contentFor(seed);
      for (int at = 0; at < content.length; at += 7_000) {
        writer.write(ByteBuffer.wrap(content, at, Math.min(7_000, content.length - at)));
      }
      MessageId id = writer.commit().join();
      print("ACK " + id + " " + seed);
      if (seed % 3 == 0) {
        print("COMPLETING " + id);
        spool.complete(id).join();
        print("DONE " + id);
      }
    }
  }

  /** The envelope of the message made from {@code seed}; the sender names the seed. */
  static Envelope envelopeFor(int seed) {
    return new Envelope(
        "load-" + seed + "@example.com",
        List.of("rcpt-" + seed + "@example.org"),
        Instant.ofEpochSecond(1_700_000_000L + seed),
        "127.0.0.1");
  }

  /** The content of the message made from {@code seed}: 1 KiB to about 200 KiB. */
  static byte[] contentFor(int seed) {
    Random random = new Random(seed);
    byte[] content = new byte[1024 + random.nextInt(200_000)];
    random.nextBytes(content);
    return content;
  }

  private static void print(String line) {
    synchronized (OUT) {
      OUT.println(line);
      OUT.flush();
    }
  }
}
