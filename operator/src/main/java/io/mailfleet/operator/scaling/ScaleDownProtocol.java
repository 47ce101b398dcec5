package io.mailfleet.operator.scaling;

import io.mailfleet.operator.api.v1alpha1.ScaleDownStep;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes one pod without stranding its mail, one short call per reconciliation so that nothing
 * blocks and a restarted operator resumes from the step recorded in status: drain the pod (it stops
 * taking mail and leaves the load balancer), have it transfer its queue to a surviving peer, and
 * report the pod gone only once its queue is empty. A transfer that fails, or a queue not empty
 * within drainTimeout, calls the step off: the pod is undrained and stays.
 *
 * <p>Every call is idempotent, so a repeated round (the operator restarted, or the pod did and
 * forgot its drain and transfer) drains again and starts the transfer again.
 */
public final class ScaleDownProtocol {

  /** Phase of a step under way. */
  public static final String TRANSFERRING = "Transferring";

  /** Phase of a step called off. */
  public static final String ABORTED = "Aborted";

  private static final Logger LOG = LoggerFactory.getLogger(ScaleDownProtocol.class);

  private final PodAdminApi api;

  public ScaleDownProtocol(PodAdminApi api) {
    this.api = Objects.requireNonNull(api, "api");
  }

  /** Where one round of the protocol left the step. */
  public sealed interface Outcome permits InProgress, Emptied, CalledOff {
    /** The step as status records it after this round. */
    ScaleDownStep step();
  }

  /** The pod still holds mail; ask again next round. */
  public record InProgress(ScaleDownStep step) implements Outcome {}

  /**
   * The pod's queue is empty: the StatefulSet may drop it.
   *
   * @param step the step, with the messages its last transfer handed over
   * @param unconfirmed what that transfer reports as unconfirmed: possible duplicates at the peer
   */
  public record Emptied(ScaleDownStep step, int unconfirmed) implements Outcome {}

  /** The step failed; the pod takes mail again (if it could be told) and stays. */
  public record CalledOff(ScaleDownStep step, String why) implements Outcome {}

  /**
   * One round for the pod at {@code leaving}: starts the step when {@code step} is null.
   *
   * @param step the step as status recorded it, or null to start one towards {@code peer}
   * @param leaving the leaving pod's admin API
   * @param peer a surviving pod's {@code host:port} (used when the step starts)
   * @param token the tier's admin token
   * @param drainTimeout how long the pod may take to empty its queue
   * @param now the time of this round
   */
  public Outcome advance(
      ScaleDownStep step,
      PodAdminApi.Endpoint leaving,
      String peer,
      String token,
      Duration drainTimeout,
      Instant now) {
    boolean fresh = step == null;
    // A copy: the step passed in belongs to the cached tier, which must keep what the API holds.
    ScaleDownStep current =
        !fresh
            ? copy(step)
            : new ScaleDownStep()
                .setPod(leaving.pod())
                .setPeer(peer)
                .setPhase(TRANSFERRING)
                .setStartedAt(now.toString())
                .setTransferred(0)
                .setMessage("draining");
    try {
      api.drain(leaving, token);
      PodQueue queue = api.queue(leaving).join();
      if (queue instanceof PodQueue.Answered answered && answered.messages() == 0) {
        TransferProgress last = fresh ? null : api.transfer(leaving).orElse(null);
        if (last != null) {
          current.setTransferred(last.transferred());
        }
        return new Emptied(
            current.setMessage("queue empty"), last == null ? 0 : last.unconfirmed());
      }
      if (Instant.parse(current.getStartedAt()).plus(drainTimeout).isBefore(now)) {
        return callOff(
            current,
            leaving,
            token,
            "queue not empty after drainTimeout " + drainTimeout + ": " + describe(queue),
            now);
      }
      if (queue instanceof PodQueue.Unknown unknown) {
        // Restarting or briefly unreachable: its spool keeps the mail; ask again next round.
        return new InProgress(current.setMessage("pod did not answer: " + unknown.why()));
      }
      if (current.getPeer() == null) {
        // The last pod of a tier scaled to zero: nobody takes its queue; it leaves only empty.
        return new InProgress(
            current.setMessage("no surviving pod to take " + describe(queue) + "; waiting"));
      }
      if (fresh) {
        // The pod's last transfer, if any, belongs to an earlier step: this one starts its own.
        api.startTransfer(leaving, token, current.getPeer());
        return new InProgress(
            current.setMessage("transferring " + describe(queue) + " to " + current.getPeer()));
      }
      return transfer(current, leaving, token, queue, now);
    } catch (PodAdminApi.AdminCallFailed e) {
      return callOff(current, leaving, token, e.getMessage(), now);
    }
  }

  private Outcome transfer(
      ScaleDownStep step, PodAdminApi.Endpoint leaving, String token, PodQueue queue, Instant now)
      throws PodAdminApi.AdminCallFailed {
    TransferProgress progress = api.transfer(leaving).orElse(null);
    if (progress != null && !progress.running() && progress.failed() > 0) {
      step.setTransferred(progress.transferred());
      return callOff(
          step,
          leaving,
          token,
          "the peer refused " + progress.failed() + " message(s): " + progress.lastError(),
          now);
    }
    if (progress == null || (!progress.running() && !progress.failedOutright())) {
      // No transfer yet (or the pod restarted and forgot it), or the last one offered its whole
      // snapshot and mail is left (it arrived late, or was refused): hand over what is there now.
      api.startTransfer(leaving, token, step.getPeer());
      return new InProgress(
          step.setMessage("transferring " + describe(queue) + " to " + step.getPeer()));
    }
    step.setTransferred(progress.transferred());
    if (progress.failedOutright()) {
      return callOff(step, leaving, token, "transfer failed: " + progress.lastError(), now);
    }
    return new InProgress(
        step.setMessage(
            "transferring to "
                + step.getPeer()
                + ": "
                + progress.transferred()
                + " transferred, "
                + progress.remaining()
                + " remaining"));
  }

  /**
   * Undoes the drain of a pod whose step is no longer needed (the tier grew again); a pod that
   * cannot be told forgets its drain when it restarts.
   */
  public void release(PodAdminApi.Endpoint leaving, String token) {
    try {
      api.undrain(leaving, token);
    } catch (PodAdminApi.AdminCallFailed e) {
      LOG.warn("{}: could not undrain a pod that stays: {}", leaving.pod(), e.getMessage());
    }
  }

  private CalledOff callOff(
      ScaleDownStep step, PodAdminApi.Endpoint leaving, String token, String why, Instant now) {
    try {
      api.undrain(leaving, token);
    } catch (PodAdminApi.AdminCallFailed e) {
      // A pod that cannot be reached now forgets its drain when it restarts; one that is merely
      // slow stays drained until the next step or its next restart. Either way its mail is safe.
      LOG.warn(
          "{}: could not undrain after calling the step off: {}", leaving.pod(), e.getMessage());
    }
    return new CalledOff(step.setPhase(ABORTED).setStartedAt(now.toString()).setMessage(why), why);
  }

  private static ScaleDownStep copy(ScaleDownStep step) {
    return new ScaleDownStep()
        .setPod(step.getPod())
        .setPeer(step.getPeer())
        .setPhase(step.getPhase())
        .setStartedAt(step.getStartedAt())
        .setTransferred(step.getTransferred())
        .setMessage(step.getMessage());
  }

  private static String describe(PodQueue queue) {
    return queue instanceof PodQueue.Answered a
        ? a.messages() + " message(s), oldest " + Duration.ofSeconds(a.oldestAgeSeconds())
        : "queue unknown (" + ((PodQueue.Unknown) queue).why() + ")";
  }
}
