package io.mailfleet.mta.inject;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The SQS calls an SQS source makes, as a port: {@link AwsSqsQueue} is the adapter, tests use a
 * queue in memory. Every call either answers or throws {@link SqsCallException}.
 */
interface SqsQueue extends AutoCloseable {

  /**
   * Up to {@code maxMessages} messages, waiting up to {@code waitTime} for the first (long poll).
   */
  List<SqsMessage> receive(int maxMessages, Duration waitTime);

  /** Deletes {@code messages} (at most 10); returns the message ids SQS did not delete. */
  Set<String> delete(List<SqsMessage> messages);

  /**
   * Makes {@code messages} (at most 10) invisible for {@code invisibleFor} from now, after which
   * the queue offers them again; returns the message ids whose visibility SQS did not change.
   */
  Set<String> defer(List<SqsMessage> messages, Duration invisibleFor);

  @Override
  void close();
}
