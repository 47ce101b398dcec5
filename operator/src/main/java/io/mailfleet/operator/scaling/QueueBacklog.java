package io.mailfleet.operator.scaling;

/**
 * Where the scaler reads an SQS queue's backlog. A failed read is a value, {@link
 * SqsBacklog.Unmeasured}, never an exception: the round goes on and the tier holds its size.
 */
public interface QueueBacklog {

  /** The backlog of the queue at {@code queueUrl}, within a few seconds. */
  SqsBacklog read(String queueUrl);

  /** Reads no queue: for operators and tests without AWS, whose SqsBacklog tiers hold. */
  QueueBacklog UNREAD = queueUrl -> new SqsBacklog.Unmeasured("this operator reads no SQS queue");
}
