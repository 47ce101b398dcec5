package io.mailfleet.mta.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.mta.config.AuthConfig;
import io.mailfleet.mta.config.SmtpConfig;
import io.mailfleet.mta.intake.AcceptGate;
import io.mailfleet.mta.smtp.command.SmtpCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Password guessing over SMTP AUTH gets slower with every failure and then locked out. */
class AuthThrottlingTest {

  private static final String GUESSER = "203.0.113.7";
  private static final String WRONG = "AUTH PLAIN " + base64("\0app\0guess") + "\r\n";
  private static final String RIGHT = "AUTH PLAIN " + base64("\0app\0s3cret") + "\r\n";
  private static final String FAILED = "535 5.7.8 Authentication credentials invalid";

  private final SmtpServerContext context =
      SmtpChannel.context(
          withAuth(
              new AuthConfig(
                  TestFiles.usersFile(),
                  false,
                  Duration.ofSeconds(1),
                  Duration.ofSeconds(4),
                  3,
                  Duration.ofMinutes(15))),
          new InMemorySpool(),
          SmtpUsers.of(Map.of("app", "s3cret")),
          SmtpMetrics.NONE,
          new AcceptGate());
  private final SmtpVerbs verbs = SmtpCommands.standard(context);
  private final List<SmtpChannel> open = new ArrayList<>();

  @AfterEach
  void close() {
    open.forEach(SmtpChannel::close);
  }

  private SmtpChannel connect(String ip) {
    SmtpChannel smtp = SmtpChannel.open(context, verbs, ip);
    open.add(smtp);
    smtp.send("EHLO c\r\n").replies();
    return smtp;
  }

  @Test
  void eachFailedAuthIsAnsweredLaterThanTheOneBeforeAndInputWaitsMeanwhile() {
    SmtpChannel smtp = connect(GUESSER);

    smtp.send(WRONG + "NOOP\r\n");
    smtp.advanceTimeBy(Duration.ofMillis(999));
    assertThat(smtp.replies()).as("no answer before the delay").isEmpty();
    smtp.advanceTimeBy(Duration.ofMillis(1));
    assertThat(smtp.replyLines()).containsExactly(FAILED, "250 2.0.0 Ok");

    smtp.send(WRONG);
    smtp.advanceTimeBy(Duration.ofMillis(1999));
    assertThat(smtp.replies()).as("the second failure waits twice as long").isEmpty();
    smtp.advanceTimeBy(Duration.ofMillis(1));
    assertThat(smtp.replyLines()).containsExactly(FAILED);
  }

  @Test
  void failuresCountPerClientAddressAcrossConnections() {
    SmtpChannel first = connect(GUESSER);
    first.send(WRONG).advanceTimeBy(Duration.ofSeconds(1));
    assertThat(first.replyLines()).containsExactly(FAILED);
    SmtpChannel second = connect(GUESSER);
    SmtpChannel elsewhere = connect("198.51.100.9");

    second.send(WRONG).advanceTimeBy(Duration.ofSeconds(1));
    elsewhere.send(WRONG).advanceTimeBy(Duration.ofSeconds(1));

    assertThat(second.replies()).as("the address failed before").isEmpty();
    assertThat(elsewhere.replyLines()).containsExactly(FAILED);
  }

  @Test
  void addressIsLockedOutAfterTooManyFailuresEvenWithTheRightPassword() {
    SmtpChannel smtp = connect(GUESSER);
    for (int i = 0; i < 3; i++) {
      smtp.send(WRONG).advanceTimeBy(Duration.ofSeconds(4));
    }
    assertThat(smtp.replyLines())
        .containsExactly(
            FAILED,
            FAILED,
            "421 4.7.0 mx.test.example Too many authentication failures; closing connection");
    assertThat(smtp.isOpen()).isFalse();

    SmtpChannel again = connect(GUESSER);
    again.send(RIGHT);
    SmtpChannel other = connect("198.51.100.9");
    other.send(RIGHT);

    assertThat(again.replyLines())
        .containsExactly(
            "454 4.7.0 Temporary authentication failure: too many failures from this address;"
                + " try again later");
    assertThat(other.replyLines()).containsExactly("235 2.7.0 Authentication successful");
  }

  private static SmtpConfig withAuth(AuthConfig auth) {
    SmtpConfig config = SmtpChannel.config();
    return new SmtpConfig(
        config.listeners(),
        config.limits(),
        config.timeouts(),
        null,
        auth,
        config.relay(),
        config.addMissingHeaders());
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
