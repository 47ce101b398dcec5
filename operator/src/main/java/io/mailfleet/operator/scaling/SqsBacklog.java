package io.mailfleet.operator.scaling;

import java.util.Objects;

/** What a round learned of a tier's SQS source: its backlog, or why it has no figure. */
public sealed interface SqsBacklog permits SqsBacklog.Measured, SqsBacklog.Unmeasured {

  /**
   * The queue's approximate counts, as SQS reports them.
   *
   * @param visible messages waiting to be received ({@code ApproximateNumberOfMessages})
   * @param inFlight messages received and not yet deleted ({@code
   *     ApproximateNumberOfMessagesNotVisible})
   */
  record Measured(long visible, long inFlight) implements SqsBacklog {
    public Measured {
      if (visible < 0 || inFlight < 0) {
        throw new IllegalArgumentException("counts must not be negative");
      }
    }

    /** Visible plus in-flight: every message some pod still has to take or commit. */
    public long total() {
      return visible + inFlight;
    }
  }

  /**
   * No figure this round: the queue was not read, or the read failed. Unknown, not empty.
   *
   * @param why what kept the figure, for the tier's status
   */
  record Unmeasured(String why) implements SqsBacklog {
    public Unmeasured {
      Objects.requireNonNull(why, "why");
    }
  }

  /** The backlog of a tier that does not scale on SQS: nothing was read. */
  SqsBacklog NOT_READ = new Unmeasured("not read");
}
