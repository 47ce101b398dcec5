package io.mailfleet.mta.inject;

import io.mailfleet.mta.config.SqsSourceConfig;
import io.mailfleet.mta.intake.AcceptGate;
import io.mailfleet.mta.intake.Ingress;
import io.mailfleet.mta.metrics.MtaMetrics;
import io.mailfleet.mta.spool.Spool;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SQS queue as a source of mail: {@code concurrency} threads, each a {@link SqsReceiveLoop}. A
 * message is deleted from the queue only after it is durable in the spool, so a crash at any point
 * loses nothing; at worst a message committed but not yet deleted is received and spooled again.
 * While the MTA drains, the loops receive nothing; {@link #close} stops them.
 */
public final class SqsSource implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SqsSource.class);

  private final SqsSourceConfig config;
  private final SqsQueue queue;
  private final CountDownLatch stopping = new CountDownLatch(1);
  private final List<Thread> loops = new ArrayList<>();

  private SqsSource(SqsSourceConfig config, SqsQueue queue) {
    this.config = config;
    this.queue = queue;
  }

  /**
   * Starts reading the queue {@code config} names with the AWS SDK (credentials from its default
   * chain, the endpoint from {@code AWS_ENDPOINT_URL} when set).
   *
   * @param maxMessageSize the SMTP maximum message size, which bounds each message here too
   */
  public static SqsSource start(
      SqsSourceConfig config,
      long maxMessageSize,
      Spool spool,
      MtaMetrics metrics,
      AcceptGate gate,
      Clock clock) {
    return start(config, AwsSqsQueue.open(config), maxMessageSize, spool, metrics, gate, clock);
  }

  /** Starts reading {@code queue}: the port, so tests pass a queue of their own. */
  static SqsSource start(
      SqsSourceConfig config,
      SqsQueue queue,
      long maxMessageSize,
      Spool spool,
      MtaMetrics metrics,
      AcceptGate gate,
      Clock clock) {
    SqsSource source = new SqsSource(config, queue);
    InjectionIntake intake = new InjectionIntake(spool, metrics, clock, Ingress.SQS);
    SqsMetrics sqsMetrics = new SqsMetrics(metrics.registry());
    for (int i = 0; i < config.concurrency(); i++) {
      Thread thread =
          new Thread(
              new SqsReceiveLoop(
                  config, queue, spool, intake, gate, sqsMetrics, maxMessageSize, source.stopping),
              "sqs-receive-" + i);
      // A loop blocked in a long poll must not hold the JVM up once the MTA has shut down.
      thread.setDaemon(true);
      source.loops.add(thread);
      thread.start();
    }
    LOG.info("reading SQS queue {} with {} consumers", config.queueUrl(), config.concurrency());
    return source;
  }

  /**
   * Stops receiving and waits up to {@code grace} for the batches in hand to be committed and
   * deleted; a long poll in progress is then cut off. Whatever is received but not deleted by then
   * stays in the queue and is offered again when its visibility ends. Returns whether every loop
   * finished in time.
   */
  public boolean stop(Duration grace) throws InterruptedException {
    stopping.countDown();
    long deadline = System.nanoTime() + grace.toNanos();
    boolean finished = true;
    for (Thread loop : loops) {
      long left = Math.max(0, deadline - System.nanoTime());
      loop.join(Math.max(1, left / 1_000_000));
      finished &= !loop.isAlive();
    }
    queue.close();
    LOG.info("stopped reading SQS queue {}{}", config.queueUrl(), finished ? "" : " (cut off)");
    return finished;
  }

  @Override
  public void close() throws InterruptedException {
    stop(Duration.ZERO);
  }
}
