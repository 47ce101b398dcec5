package io.mailfleet.operator.scaling;

import java.util.Objects;

/** What one pod's admin API said of its queue in one observation round, or that it said nothing. */
public sealed interface PodQueue permits PodQueue.Answered, PodQueue.Unknown {

  /** The pod's name. */
  String pod();

  /**
   * The pod answered {@code GET /api/v1/queue}.
   *
   * @param pod the pod's name
   * @param messages messages queued on it
   * @param oldestAgeSeconds age of its oldest queued message, 0 when it holds none
   * @param draining whether it stopped taking new mail
   */
  record Answered(String pod, long messages, long oldestAgeSeconds, boolean draining)
      implements PodQueue {
    public Answered {
      Objects.requireNonNull(pod, "pod");
      if (messages < 0 || oldestAgeSeconds < 0) {
        throw new IllegalArgumentException("queue figures must not be negative");
      }
    }
  }

  /**
   * The pod did not answer in time, answered with an error, or has no IP yet: its queue is unknown,
   * which is never the same as empty.
   *
   * @param pod the pod's name
   * @param why what went wrong, for the tier's status
   */
  record Unknown(String pod, String why) implements PodQueue {
    public Unknown {
      Objects.requireNonNull(pod, "pod");
      Objects.requireNonNull(why, "why");
    }
  }
}
