package io.mailfleet.operator.scaling;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * One observation round of a tier: every pod's queue, and the backlog of its SQS source when that
 * is measured.
 *
 * @param pods one entry per pod the StatefulSet runs
 * @param sqsBacklog the backlog of {@code source.sqs}, or why there is no figure
 */
public record TierLoad(List<PodQueue> pods, SqsBacklog sqsBacklog) {

  public TierLoad {
    pods = List.copyOf(Objects.requireNonNull(pods, "pods"));
    Objects.requireNonNull(sqsBacklog, "sqsBacklog");
  }

  /** A round of pod readings with no SQS figure. */
  public static TierLoad of(List<PodQueue> pods) {
    return new TierLoad(pods, SqsBacklog.NOT_READ);
  }

  /** This round with {@code backlog} as the SQS source's figure. */
  public TierLoad withSqsBacklog(SqsBacklog backlog) {
    return new TierLoad(pods, backlog);
  }

  /** Messages queued on the pods that answered: a lower bound while any pod is unknown. */
  public long knownMessages() {
    return answered().mapToLong(PodQueue.Answered::messages).sum();
  }

  /** Age of the oldest message on the pods that answered, 0 when they hold none. */
  public long oldestAgeSeconds() {
    return answered().mapToLong(PodQueue.Answered::oldestAgeSeconds).max().orElse(0);
  }

  /** The pods whose queue is unknown this round. */
  public List<PodQueue.Unknown> unknown() {
    return pods.stream()
        .filter(PodQueue.Unknown.class::isInstance)
        .map(PodQueue.Unknown.class::cast)
        .toList();
  }

  /** Whether every pod answered. */
  public boolean complete() {
    return unknown().isEmpty();
  }

  /** The pods that answered this round. */
  Stream<PodQueue.Answered> answered() {
    return pods.stream()
        .filter(PodQueue.Answered.class::isInstance)
        .map(PodQueue.Answered.class::cast);
  }
}
