package io.mailfleet.operator.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueueObserverTest {

  private static final Duration TIMEOUT = Duration.ofMillis(500);

  private FakeMtaAdmin first;
  private FakeMtaAdmin second;
  private final QueueObserver observer = new QueueObserver(new PodAdminApi(TIMEOUT), TIMEOUT);

  @BeforeEach
  void start() throws Exception {
    first = new FakeMtaAdmin();
    second = new FakeMtaAdmin();
  }

  @AfterEach
  void stop() {
    first.close();
    second.close();
  }

  @Test
  void everyPodsQueueIsReadAndSummed() {
    first.messages = 120;
    first.oldestAgeSeconds = 30;
    second.messages = 80;
    second.oldestAgeSeconds = 300;

    TierLoad load = observer.observe(expected("bulk-0", first, "bulk-1", second));

    assertThat(load.complete()).isTrue();
    assertThat(load.knownMessages()).isEqualTo(200);
    assertThat(load.oldestAgeSeconds()).isEqualTo(300);
    assertThat(load.pods())
        .containsExactly(
            new PodQueue.Answered("bulk-0", 120, 30, false),
            new PodQueue.Answered("bulk-1", 80, 300, false));
  }

  @Test
  void podThatDoesNotAnswerInTimeIsUnknownWhileTheOthersCount() {
    first.messages = 5;
    second.queueStatus = 0;

    TierLoad load = observer.observe(expected("bulk-0", first, "bulk-1", second));

    assertThat(load.knownMessages()).isEqualTo(5);
    assertThat(load.unknown()).extracting(PodQueue.Unknown::pod).containsExactly("bulk-1");
  }

  @Test
  void podAnsweringWithAnErrorIsUnknown() {
    second.queueStatus = 503;

    TierLoad load = observer.observe(expected("bulk-0", first, "bulk-1", second));

    assertThat(load.unknown())
        .singleElement()
        .satisfies(u -> assertThat(u.why()).isEqualTo("HTTP 503"));
  }

  @Test
  void podWithoutAnIpIsUnknownWithoutARequest() {
    TierLoad load =
        observer.observe(
            List.of(
                new QueueObserver.ExpectedPod("bulk-0", first.endpoint("bulk-0")),
                new QueueObserver.ExpectedPod("bulk-1", null)));

    assertThat(load.unknown())
        .singleElement()
        .isEqualTo(new PodQueue.Unknown("bulk-1", "no pod IP"));
    assertThat(second.requests()).isEmpty();
  }

  @Test
  void podThatRefusesConnectionsIsUnknown() {
    PodAdminApi.Endpoint gone = second.endpoint("bulk-1");
    second.close();

    TierLoad load =
        observer.observe(
            List.of(
                new QueueObserver.ExpectedPod("bulk-0", first.endpoint("bulk-0")),
                new QueueObserver.ExpectedPod("bulk-1", gone)));

    assertThat(load.unknown()).extracting(PodQueue.Unknown::pod).containsExactly("bulk-1");
  }

  private static List<QueueObserver.ExpectedPod> expected(
      String a, FakeMtaAdmin fa, String b, FakeMtaAdmin fb) {
    return List.of(
        new QueueObserver.ExpectedPod(a, fa.endpoint(a)),
        new QueueObserver.ExpectedPod(b, fb.endpoint(b)));
  }
}
