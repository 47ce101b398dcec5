package io.mailfleet.mta.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.mta.intake.AcceptGate;
import io.mailfleet.mta.intake.RejectReason;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PROXY protocol v2 on a listener: the session sees the client the load balancer saw. */
class ProxyProtocolTest {

  private static final byte[] SIGNATURE = {
    0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A
  };

  private final InMemorySpool spool = new InMemorySpool();

  /** A v2 PROXY header for TCP over IPv4 from {@code source} to 10.0.0.1:25. */
  static byte[] proxyV2(String source, int sourcePort) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(SIGNATURE);
    out.write(0x21); // version 2, PROXY
    out.write(0x11); // AF_INET, STREAM
    out.write(0);
    out.write(12); // address block length
    out.write(InetAddress.getByName(source).getAddress());
    out.write(InetAddress.getByName("10.0.0.1").getAddress());
    out.write(sourcePort >> 8);
    out.write(sourcePort & 0xFF);
    out.write(0);
    out.write(25);
    return out.toByteArray();
  }

  @Test
  void clientAddressComesFromTheProxyHeader() throws Exception {
    SmtpChannel smtp =
        SmtpChannel.open(
            SmtpChannel.context(SmtpChannel.config(), spool),
            new ConnectionLimiter(10, 10),
            "10.9.9.9",
            true);
    assertThat(smtp.replies()).as("no greeting before the PROXY header").isEmpty();

    smtp.send(proxyV2("127.0.0.1", 51000));
    assertThat(smtp.replyLines()).containsExactly("220 mx.test.example ESMTP mailfleet");
    smtp.send(
        "EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\nDATA\r\nhi\r\n.\r\n");

    assertThat(smtp.replyLines()).last().isEqualTo("250 2.0.0 Ok: queued as m1");
    assertThat(spool.messages().get(0).envelope().clientAddress()).isEqualTo("127.0.0.1");
    assertThat(spool.onlyContent()).startsWith("Received: from c ([127.0.0.1])");
    smtp.close();
  }

  @Test
  void relayIsDecidedOnTheProxiedAddressNotTheBalancers() throws Exception {
    SmtpChannel smtp =
        SmtpChannel.open(
            SmtpChannel.context(SmtpChannel.config(), spool),
            new ConnectionLimiter(10, 10),
            "127.0.0.1",
            true);
    smtp.send(proxyV2("198.51.100.20", 51000)).replies();

    smtp.send("EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\n");

    assertThat(smtp.replyLines()).last().isEqualTo("554 5.7.1 Relay access denied");
    smtp.close();
  }

  @Test
  void garbageInsteadOfAProxyHeaderClosesTheConnection() {
    SmtpChannel smtp =
        SmtpChannel.open(
            SmtpChannel.context(SmtpChannel.config(), spool),
            new ConnectionLimiter(10, 10),
            "127.0.0.1",
            true);

    smtp.send("EHLO not-a-proxy-header\r\n".getBytes(StandardCharsets.US_ASCII));

    assertThat(smtp.isOpen()).isFalse();
    assertThat(smtp.replies()).as("no SMTP conversation without the header").isEmpty();
  }

  @Test
  void peerOutsideTheTrustedProxiesIsRefusedCountedAndClosedBeforeItCanSendAHeader() {
    List<RejectReason> refusals = new ArrayList<>();
    SmtpChannel smtp =
        SmtpChannel.open(
            SmtpChannel.context(
                SmtpChannel.config(),
                spool,
                null,
                SmtpChannel.refusalsInto(refusals),
                new AcceptGate()),
            new ConnectionLimiter(10, 10),
            "203.0.113.9",
            true);

    assertThat(smtp.isOpen()).as("a direct client cannot claim an address").isFalse();
    assertThat(smtp.replies()).isEmpty();
    assertThat(refusals).containsExactly(RejectReason.UNTRUSTED_PROXY);
  }

  @Test
  void connectionWaitingForItsHeaderHoldsAConnectionSlot() throws Exception {
    ConnectionLimiter limiter = new ConnectionLimiter(1, 1);
    SmtpServerContext context = SmtpChannel.context(SmtpChannel.config(), spool);
    SmtpChannel silent = SmtpChannel.open(context, limiter, "10.0.0.5", true);

    SmtpChannel next = SmtpChannel.open(context, limiter, "10.0.0.6", true);

    assertThat(silent.isOpen()).isTrue();
    assertThat(next.replyLines()).singleElement().asString().startsWith("421 ");
    assertThat(next.isOpen()).isFalse();
    silent.close();
    assertThat(limiter.open()).as("the slot is given back when the silent peer goes").isZero();
  }

  @Test
  void peerThatSendsNoHeaderIsClosedAfterTheHeaderTimeout() {
    ConnectionLimiter limiter = new ConnectionLimiter(10, 10);
    SmtpChannel smtp =
        SmtpChannel.open(
            SmtpChannel.context(SmtpChannel.config(), spool),
            limiter,
            "10.0.0.5",
            SmtpChannel.proxyListener(Duration.ofSeconds(2)));

    smtp.advanceTimeBy(Duration.ofMillis(1900));
    assertThat(smtp.isOpen()).isTrue();
    smtp.advanceTimeBy(Duration.ofMillis(200));

    assertThat(smtp.isOpen()).isFalse();
    assertThat(limiter.open()).isZero();
  }
}
