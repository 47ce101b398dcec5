package io.mailfleet.operator.scaling;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Reads every pod's queue of a tier at once: all requests leave together, each with its own
 * timeout, so one silent pod costs the round one timeout, not one per pod. A pod without an IP (not
 * scheduled yet, or gone) is unknown without a request.
 */
public final class QueueObserver {

  private final PodAdminApi api;
  private final Duration timeout;

  /** An observer whose rounds take at most about {@code timeout}. */
  public QueueObserver(PodAdminApi api, Duration timeout) {
    this.api = Objects.requireNonNull(api, "api");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /**
   * A pod the tier should run, and where its admin API listens when it has an IP.
   *
   * @param pod the pod's name
   * @param endpoint its admin API, or {@code null} when the pod has no IP yet
   */
  public record ExpectedPod(String pod, PodAdminApi.Endpoint endpoint) {
    public ExpectedPod {
      Objects.requireNonNull(pod, "pod");
    }
  }

  /** One round over {@code pods}, in their order. */
  public TierLoad observe(List<ExpectedPod> pods) {
    List<CompletableFuture<PodQueue>> readings =
        pods.stream()
            .map(
                p ->
                    p.endpoint() == null
                        ? CompletableFuture.<PodQueue>completedFuture(
                            new PodQueue.Unknown(p.pod(), "no pod IP"))
                        : api.queue(p.endpoint())
                            .completeOnTimeout(
                                new PodQueue.Unknown(
                                    p.pod(), "no answer within " + timeout.toMillis() + "ms"),
                                timeout.toMillis(),
                                TimeUnit.MILLISECONDS))
            .toList();
    return TierLoad.of(readings.stream().map(CompletableFuture::join).toList());
  }
}
