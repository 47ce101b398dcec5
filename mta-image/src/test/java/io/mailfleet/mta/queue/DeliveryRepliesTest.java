package io.mailfleet.mta.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class DeliveryRepliesTest {

  @Test
  void localErrorIsATransientReplyWithTheExceptionsMessageOnly() {
    String reply = DeliveryReplies.localError(new IllegalStateException("2 outcomes for 3 jobs"));

    assertThat(reply).isEqualTo("451 4.3.0 2 outcomes for 3 jobs");
  }

  @Test
  void exceptionWithoutAMessageIsNamedByItsSimpleClassName() {
    assertThat(DeliveryReplies.routingFailed("example.test", new TimeoutException()))
        .isEqualTo("451 4.4.3 routing example.test failed: TimeoutException");
  }

  @Test
  void asynchronousWrappersAreLookedThrough() {
    Throwable wrapped =
        new CompletionException(new ExecutionException(new IOException("SERVFAIL from 10.0.0.2")));

    assertThat(DeliveryReplies.dnsFailed("example.test", wrapped))
        .isEqualTo("451 4.4.3 DNS lookup for example.test failed: SERVFAIL from 10.0.0.2");
  }

  @Test
  void exceptionTextStaysOnOneShortLine() {
    String reply =
        DeliveryReplies.connectionLost(
            new IOException("broken\r\n\tat Foo.bar\r\n" + "x".repeat(500)));

    assertThat(reply).startsWith("451 4.4.2 broken at Foo.bar x").doesNotContain("\r", "\n");
    assertThat(reply).hasSizeLessThan(230);
  }

  @Test
  void permanentRoutingRepliesCarryA5xxCode() {
    assertThat(DeliveryReplies.noSuchDomain("gone.test"))
        .isEqualTo("550 5.1.2 domain gone.test does not exist");
    assertThat(DeliveryReplies.nullMx("none.test"))
        .isEqualTo("556 5.1.10 domain none.test accepts no mail (null MX)");
    assertThat(DeliveryReplies.NO_DOMAIN).startsWith("553 5.1.3 ");
  }
}
