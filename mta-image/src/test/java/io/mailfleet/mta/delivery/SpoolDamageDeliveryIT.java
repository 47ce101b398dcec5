package io.mailfleet.mta.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailfleet.mta.Mta;
import io.mailfleet.mta.config.ConfigLoader;
import io.mailfleet.mta.config.Durability;
import io.mailfleet.mta.spool.Envelope;
import io.mailfleet.mta.spool.FileSpool;
import io.mailfleet.mta.spool.FileSpoolOptions;
import io.mailfleet.mta.spool.SpoolObserver;
import io.mailfleet.mta.spool.SpoolWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spool whose middle message was damaged on disk after it was acknowledged: the MTA started on it
 * delivers the messages around the damage and bounces the damaged one to its sender.
 */
class SpoolDamageDeliveryIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir Path work;

  private Mta mta;
  private SmtpSink sink;
  private SmtpSink senders;

  @AfterEach
  void stop() throws InterruptedException {
    if (mta != null) {
      mta.close();
    }
    if (sink != null) {
      sink.close();
    }
    if (senders != null) {
      senders.close();
    }
  }

  @Test
  void messagesAroundACorruptRecordAreDeliveredAndTheDamagedOneIsBounced() throws Exception {
    Path spool = work.resolve("spool");
    byte[] middle = message("the middle one");
    try (FileSpool s =
        FileSpool.open(FileSpoolOptions.of(spool, Durability.FSYNC), SpoolObserver.NONE)) {
      store(s, "alice@example.test", message("the first one"));
      store(s, "bob@example.test", middle);
      store(s, "carol@example.test", message("the third one"));
    }
    flipByteOf(spool.resolve("segment-0000000000000001.log"), middle);
    sink = SmtpSink.start(SmtpSink.freePort(), work.resolve("dumps"));
    senders = SmtpSink.start(SmtpSink.freePort(), work.resolve("senders"));

    mta = Mta.start(new ConfigLoader().load(config(spool)));

    await().atMost(PATIENCE).until(() -> sink.received().size() == 2);
    assertThat(sink.received())
        .anySatisfy(m -> assertThat(m).contains("Subject: the first one"))
        .anySatisfy(m -> assertThat(m).contains("Subject: the third one"));
    await().atMost(PATIENCE).until(() -> senders.received().size() == 1);
    Bounce.assertReports(senders.received().get(0), "bob@example.test", "5.3.0", "");
    await().atMost(PATIENCE).until(() -> new MetricsProbe(mta.adminPort()).spooled() == 0);
    assertThat(spool.resolve("quarantine").resolve("segment-0000000000000001.log")).exists();
    assertThat(spool.resolve("quarantine").resolve("segment-0000000000000001.damage"))
        .content()
        .contains("unreadable bytes [");
  }

  private Path config(Path spool) throws Exception {
    Path config = work.resolve("mta.yaml");
    Files.writeString(
        config,
        SenderConfig.loopback(spool)
            + """
        delivery:
          egress:
            pools:
              - name: default
                sources: [{name: out1, bindAddress: 127.0.0.1, ehloName: out1.main.example}]
          timeouts: {connect: 5s, command: 10s, data: 10s}
          retry: {schedule: [200ms, 400ms, 500ms], jitter: 0.2, maxAge: 72h}
          routes:
            example.test: "127.0.0.1:%d"
            main.example: "127.0.0.1:%d"
        """
                .formatted(sink.port(), senders.port()));
    return config;
  }

  private static void store(FileSpool spool, String recipient, byte[] content) throws Exception {
    SpoolWriter writer =
        spool.begin(
            new Envelope("sender@main.example", List.of(recipient), Instant.now(), "192.0.2.7"));
    writer.write(ByteBuffer.wrap(content));
    writer.commit().get();
  }

  private static byte[] message(String subject) {
    return ("From: sender@main.example\r\nSubject: "
            + subject
            + "\r\n\r\n"
            + "body line\r\n".repeat(200))
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** Flips one byte in the middle of where {@code content} sits in the segment. */
  private static void flipByteOf(Path segment, byte[] content) throws Exception {
    byte[] bytes = Files.readAllBytes(segment);
    for (int i = 0; i + content.length <= bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + content.length, content, 0, content.length)) {
        bytes[i + content.length / 2] ^= 0x5a;
        Files.write(segment, bytes);
        return;
      }
    }
    throw new AssertionError("content not found in " + segment);
  }
}
