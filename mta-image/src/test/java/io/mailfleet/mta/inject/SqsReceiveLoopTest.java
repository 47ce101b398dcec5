package io.mailfleet.mta.inject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailfleet.mta.config.Durability;
import io.mailfleet.mta.config.SqsSourceConfig;
import io.mailfleet.mta.intake.AcceptGate;
import io.mailfleet.mta.intake.Ingress;
import io.mailfleet.mta.metrics.MtaMetrics;
import io.mailfleet.mta.spool.Envelope;
import io.mailfleet.mta.spool.FileSpool;
import io.mailfleet.mta.spool.FileSpoolOptions;
import io.mailfleet.mta.spool.MessageId;
import io.mailfleet.mta.spool.Spool;
import io.mailfleet.mta.spool.SpoolStats;
import io.mailfleet.mta.spool.SpoolWriter;
import io.mailfleet.mta.spool.SpooledMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One consumer's batches against a queue in memory and a real file spool. */
class SqsReceiveLoopTest {

  static final String QUEUE_URL = "https://sqs.eu-west-1.amazonaws.com/123456789012/bulk";

  static final SqsSourceConfig CONFIG =
      new SqsSourceConfig(
          QUEUE_URL, null, 1, 10, Duration.ZERO, Duration.ofSeconds(45), Duration.ofSeconds(5));

  @TempDir Path dir;

  private final InMemorySqsQueue queue = new InMemorySqsQueue();
  private final MtaMetrics metrics = new MtaMetrics();
  private final SqsMetrics sqsMetrics = new SqsMetrics(metrics.registry());
  private final AcceptGate gate = new AcceptGate();
  private FileSpool spool;

  @BeforeEach
  void openSpool() {
    spool = FileSpool.open(FileSpoolOptions.of(dir, Durability.FSYNC), metrics);
  }

  @AfterEach
  void closeSpool() {
    spool.close();
  }

  static String request(String recipient, String subject) {
    return """
        {"sender": "app@example.com", "recipients": ["%s"],
         "message": "Subject: %s\\nFrom: app@example.com\\n\\nhello\\n"}
        """
        .formatted(recipient, subject);
  }

  private SqsReceiveLoop loop(Spool into, long maxMessageSize) {
    return loop(into, maxMessageSize, new CountDownLatch(1));
  }

  private SqsReceiveLoop loop(Spool into, long maxMessageSize, CountDownLatch stopping) {
    return new SqsReceiveLoop(
        CONFIG,
        queue,
        into,
        new InjectionIntake(into, metrics, Clock.systemUTC(), Ingress.SQS),
        gate,
        sqsMetrics,
        maxMessageSize,
        stopping);
  }

  private SqsReceiveLoop loop() {
    return loop(spool, 25L << 20);
  }

  private double outcome(String outcome) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    metrics.scrapeTo(out, metrics.writerFor("text/plain"));
    Matcher m =
        Pattern.compile(
                "(?m)^mailfleet_mta_sqs_messages_total\\{outcome=\"" + outcome + "\"} (\\S+)$")
            .matcher(out.toString(StandardCharsets.UTF_8));
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }

  @Test
  void everyMessageIsDeletedOnlyOnceItIsInTheSpool() throws IOException {
    for (int i = 0; i < 3; i++) {
      queue.send(request("r" + i + "@example.org", "m" + i));
    }
    List<Integer> spooledAtDelete = new ArrayList<>();
    queue.beforeDelete(batch -> spooledAtDelete.add(spool.recover().size()));

    loop().pollOnce();

    assertThat(spooledAtDelete).containsExactly(3);
    assertThat(queue.deleted()).hasSize(3);
    assertThat(queue.inFlightCount()).isZero();
    assertThat(spool.recover())
        .extracting(m -> m.envelope().recipients().get(0))
        .containsExactlyInAnyOrder("r0@example.org", "r1@example.org", "r2@example.org");
    assertThat(spool.recover())
        .allSatisfy(m -> assertThat(m.envelope().clientAddress()).isEqualTo("sqs"));
    assertThat(outcome("spooled")).isEqualTo(3.0);
  }

  @Test
  void spooledMessageHasTheInjectionApisCanonicalContent() throws IOException {
    queue.send(request("a@example.org", "hi"));

    loop().pollOnce();

    SpooledMessage spooled = spool.recover().get(0);
    assertThat(spooled.envelope().sender()).isEqualTo("app@example.com");
    try (InputStream in = spool.open(spooled.id())) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("Subject: hi\r\nFrom: app@example.com\r\n\r\nhello\r\n");
    }
  }

  @Test
  void malformedBodiesAreCountedAndDeletedSoTheyAreNeverRetried() throws IOException {
    queue.send("not json at all");
    queue.send("{\"sender\": \"app@example.com\", \"recipients\": [], \"message\": \"S: x\\n\"}");
    queue.send(
        "{\"sender\": \"app@example.com\", \"recipients\": [\"no-at-sign\"], \"message\": \"S: x\"}");
    queue.send(request("ok@example.org", "fine"));

    loop().pollOnce();
    queue.expireVisibility();
    loop().pollOnce();

    assertThat(queue.deleted()).hasSize(4);
    assertThat(queue.visibleCount()).isZero();
    assertThat(spool.recover()).hasSize(1);
    assertThat(outcome("malformed")).isEqualTo(3.0);
    assertThat(outcome("spooled")).isEqualTo(1.0);
  }

  @Test
  void messageLargerThanTheMaximumMessageSizeIsMalformed() throws IOException {
    queue.send(request("a@example.org", "x".repeat(2000)));

    loop(spool, 1024).pollOnce();

    assertThat(spool.recover()).isEmpty();
    assertThat(queue.deleted()).hasSize(1);
    assertThat(outcome("malformed")).isEqualTo(1.0);
  }

  @Test
  void messagesTheSpoolRefusesStayInTheQueueDeferred() throws IOException {
    String id = queue.send(request("a@example.org", "refused"));

    loop(new RefusingSpool(spool), 25L << 20).pollOnce();

    assertThat(queue.deleted()).isEmpty();
    assertThat(queue.inFlightCount()).isEqualTo(1);
    assertThat(queue.deferred()).containsEntry(id, Duration.ofSeconds(45));
    assertThat(outcome("deferred")).isEqualTo(1.0);
    assertThat(outcome("spooled")).isZero();
  }

  @Test
  void spooledMessageNotDeletedIsSpooledAgainWhenTheQueueOffersItAgain() throws IOException {
    queue.send(request("a@example.org", "twice"));
    queue.failDeletes(true);

    loop().pollOnce();
    queue.failDeletes(false);
    queue.expireVisibility();
    loop().pollOnce();

    assertThat(spool.recover()).hasSize(2);
    assertThat(queue.deleted()).hasSize(1);
    assertThat(outcome("delete_failed")).isEqualTo(1.0);
    assertThat(outcome("spooled")).isEqualTo(1.0);
  }

  @Test
  void consumerHitByAnUnexpectedFailureGoesOn() throws InterruptedException {
    queue.failNextReceive(new IllegalStateException("a bug"));
    queue.send(request("a@example.org", "after a bug"));
    CountDownLatch stopping = new CountDownLatch(1);
    Thread consumer = new Thread(loop(spool, 25L << 20, stopping));
    consumer.start();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> queue.deleted().size() == 1);
      assertThat(spool.recover()).hasSize(1);
    } finally {
      stopping.countDown();
      consumer.join(5000);
    }
    assertThat(consumer.isAlive()).isFalse();
  }

  @Test
  void backoffAfterFailedCallsDoublesFromOneSecondUpToThirtySeconds() {
    Duration d = Duration.ZERO;
    List<Long> seconds = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      d = SqsReceiveLoop.nextBackoff(d);
      seconds.add(d.toSeconds());
    }
    assertThat(seconds).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L);
  }

  /** A spool whose commits fail, as when its disk refuses writes. */
  private static final class RefusingSpool implements Spool {

    private final Spool delegate;

    RefusingSpool(Spool delegate) {
      this.delegate = delegate;
    }

    @Override
    public SpoolWriter begin(Envelope envelope) {
      return new SpoolWriter() {
        private long size;

        @Override
        public void write(ByteBuffer content) {
          size += content.remaining();
        }

        @Override
        public long size() {
          return size;
        }

        @Override
        public CompletableFuture<MessageId> commit() {
          return CompletableFuture.failedFuture(new IOException("No space left on device"));
        }

        @Override
        public void abort() {}
      };
    }

    @Override
    public List<SpooledMessage> recover() {
      return delegate.recover();
    }

    @Override
    public InputStream open(MessageId id) {
      return delegate.open(id);
    }

    @Override
    public CompletableFuture<Void> complete(MessageId id) {
      return delegate.complete(id);
    }

    @Override
    public SpoolStats stats() {
      return delegate.stats();
    }

    @Override
    public boolean isAvailable() {
      return true;
    }

    @Override
    public void close() {}
  }
}
