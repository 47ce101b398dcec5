package io.mailfleet.operator.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.operator.api.v1alpha1.ScaleDownStep;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScaleDownProtocolTest {

  private static final String TOKEN = "s3cret-token";
  private static final String PEER = "bulk-0.bulk-pods.mail.svc:2525";
  private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);
  private static final Instant START = Instant.parse("2026-12-07T12:00:00Z");

  private FakeMtaAdmin pod;
  private final ScaleDownProtocol protocol =
      new ScaleDownProtocol(new PodAdminApi(Duration.ofSeconds(2)));

  @BeforeEach
  void start() throws Exception {
    pod = new FakeMtaAdmin();
    pod.messages = 40;
  }

  @AfterEach
  void stop() {
    pod.close();
  }

  private ScaleDownProtocol.Outcome round(ScaleDownStep step, Instant now) {
    return protocol.advance(step, pod.endpoint("bulk-1"), PEER, TOKEN, DRAIN_TIMEOUT, now);
  }

  @Test
  void firstRoundDrainsThePodAndStartsItsTransferToThePeerWithTheToken() {
    ScaleDownProtocol.Outcome outcome = round(null, START);

    assertThat(outcome).isInstanceOf(ScaleDownProtocol.InProgress.class);
    assertThat(outcome.step().getPod()).isEqualTo("bulk-1");
    assertThat(outcome.step().getPhase()).isEqualTo(ScaleDownProtocol.TRANSFERRING);
    assertThat(outcome.step().getStartedAt()).isEqualTo(START.toString());
    assertThat(pod.calls())
        .containsExactly("POST /api/v1/drain", "GET /api/v1/queue", "POST /api/v1/transfer");
    assertThat(pod.requests())
        .filteredOn(r -> r.method().equals("POST"))
        .allSatisfy(r -> assertThat(r.authorization()).isEqualTo("Bearer " + TOKEN));
    assertThat(pod.requests().get(2).body()).isEqualTo("{\"peer\":\"" + PEER + "\"}");
  }

  @Test
  void stepWaitsWhileTheTransferRunsAndCountsWhatThePeerConfirmed() {
    ScaleDownStep step = round(null, START).step();
    pod.transfer = FakeMtaAdmin.transferState("RUNNING", 25, 0, 15);
    pod.messages = 15;

    ScaleDownProtocol.Outcome outcome = round(step, START.plusSeconds(5));

    assertThat(outcome).isInstanceOf(ScaleDownProtocol.InProgress.class);
    assertThat(outcome.step().getTransferred()).isEqualTo(25);
    assertThat(outcome.step().getMessage()).contains("25 transferred, 15 remaining");
  }

  @Test
  void emptyQueueEndsTheStepSoThePodMayGo() {
    ScaleDownStep step = round(null, START).step();
    pod.transfer = FakeMtaAdmin.transferState("DONE", 40, 0, 0);
    pod.messages = 0;

    ScaleDownProtocol.Outcome outcome = round(step, START.plusSeconds(10));

    assertThat(outcome).isInstanceOf(ScaleDownProtocol.Emptied.class);
    assertThat(pod.draining).as("the leaving pod stays drained").isTrue();
  }

  @Test
  void failedTransferCallsTheStepOffAndUndrainsThePod() {
    ScaleDownStep step = round(null, START).step();
    pod.transfer = FakeMtaAdmin.transferState("FAILED", 3, 0, 37);

    ScaleDownProtocol.Outcome outcome = round(step, START.plusSeconds(10));

    assertThat(outcome).isInstanceOf(ScaleDownProtocol.CalledOff.class);
    assertThat(((ScaleDownProtocol.CalledOff) outcome).why()).contains("transfer failed");
    assertThat(outcome.step().getPhase()).isEqualTo(ScaleDownProtocol.ABORTED);
    assertThat(pod.draining).isFalse();
    assertThat(pod.calls()).endsWith("POST /api/v1/undrain");
  }

  @Test
  void messagesThePeerRefusedCallTheStepOff() {
    ScaleDownStep step = round(null, START).step();
    pod.transfer = FakeMtaAdmin.transferState("DONE", 30, 10, 10);
    pod.messages = 10;

    ScaleDownProtocol.Outcome outcome = round(step, START.plusSeconds(10));

    assertThat(outcome).isInstanceOf(ScaleDownProtocol.CalledOff.class);
    assertThat(((ScaleDownProtocol.CalledOff) outcome).why()).contains("refused 10 message(s)");
    assertThat(pod.draining).isFalse();
  }

  @Test
  void queueStillFullAfterDrainTimeoutCallsTheStepOff() {
    ScaleDownStep step = round(null, START).step();
    pod.transfer = FakeMtaAdmin.transferState("RUNNING", 1, 0, 39);

    ScaleDownProtocol.Outcome outcome = round(step, START.plus(DRAIN_TIMEOUT).plusSeconds(1));

    assertThat(outcome).isInstanceOf(ScaleDownProtocol.CalledOff.class);
    assertThat(((ScaleDownProtocol.CalledOff) outcome).why()).contains("after drainTimeout");
    assertThat(pod.draining).isFalse();
  }

  @Test
  void podThatRestartedAndForgotItsDrainAndTransferIsDrainedAndTransferredAgain() {
    ScaleDownStep step = round(null, START).step();
    pod.draining = false;
    pod.transfer = null;

    ScaleDownProtocol.Outcome outcome = round(step, START.plusSeconds(30));

    assertThat(outcome).isInstanceOf(ScaleDownProtocol.InProgress.class);
    assertThat(pod.draining).isTrue();
    assertThat(pod.calls().subList(3, pod.calls().size()))
        .containsExactly(
            "POST /api/v1/drain",
            "GET /api/v1/queue",
            "GET /api/v1/transfer",
            "POST /api/v1/transfer");
  }

  @Test
  void mailLeftAfterACompleteTransferIsHandedOverAgain() {
    ScaleDownStep step = round(null, START).step();
    pod.transfer = FakeMtaAdmin.transferState("DONE", 40, 0, 0);
    pod.messages = 2;

    ScaleDownProtocol.Outcome outcome = round(step, START.plusSeconds(10));

    assertThat(outcome).isInstanceOf(ScaleDownProtocol.InProgress.class);
    assertThat(pod.calls()).endsWith("POST /api/v1/transfer");
  }

  @Test
  void aNewStepIgnoresTheFailedTransferOfAnEarlierOne() {
    pod.transfer = FakeMtaAdmin.transferState("FAILED", 0, 0, 40);

    ScaleDownProtocol.Outcome outcome = round(null, START);

    assertThat(outcome).isInstanceOf(ScaleDownProtocol.InProgress.class);
    assertThat(pod.calls()).endsWith("POST /api/v1/transfer");
  }

  @Test
  void stepReadFromStatusIsLeftAsItWasSoTheNewStatusCanBeComparedWithIt() {
    ScaleDownStep step = round(null, START).step();
    String before = step.getMessage();
    pod.transfer = FakeMtaAdmin.transferState("RUNNING", 25, 0, 15);

    ScaleDownProtocol.Outcome outcome = round(step, START.plusSeconds(5));

    assertThat(outcome.step()).isNotSameAs(step);
    assertThat(step.getMessage()).isEqualTo(before);
    assertThat(step.getTransferred()).isZero();
  }

  @Test
  void refusedDrainCallsTheStepOffWithTheReason() {
    pod.close();
    ScaleDownProtocol.Outcome outcome = round(null, START);

    assertThat(outcome).isInstanceOf(ScaleDownProtocol.CalledOff.class);
    assertThat(outcome.step().getPhase()).isEqualTo(ScaleDownProtocol.ABORTED);
  }
}
