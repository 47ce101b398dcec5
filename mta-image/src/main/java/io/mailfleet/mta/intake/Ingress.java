package io.mailfleet.mta.intake;

/** Which door a message came in through; a metric label. */
public enum Ingress {
  /** The ESMTP listener. */
  SMTP,
  /** The HTTP injection API. */
  HTTP,
  /** An SQS queue the MTA reads (the tier's {@code source.sqs}). */
  SQS
}
