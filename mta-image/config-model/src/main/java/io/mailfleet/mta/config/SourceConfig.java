package io.mailfleet.mta.config;

/**
 * Where the MTA takes mail from besides its SMTP and HTTP listeners.
 *
 * @param sqs an SQS queue whose messages are submissions; null when the MTA reads no queue
 */
public record SourceConfig(SqsSourceConfig sqs) {

  /** No source but the listeners. */
  public static final SourceConfig NONE = new SourceConfig(null);
}
