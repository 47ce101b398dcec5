package io.mailfleet.mta.bounce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailfleet.mta.queue.NonDeliveryReports.Failure;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class DeliveryStatusNotificationTest {

  private static final Instant ARRIVAL = Instant.parse("2026-03-01T10:00:00Z");

  private static DeliveryStatusNotification dsn(Failure... failures) {
    return new DeliveryStatusNotification(
        "mta.main.example",
        "sender@main.example",
        "1A2B3C",
        ARRIVAL,
        List.of(failures),
        "From: sender@main.example\r\nSubject: the original\r\n",
        ARRIVAL.plusSeconds(60));
  }

  /** The per-message block then one block per recipient, each parsed as header fields. */
  static List<InternetHeaders> statusGroups(BodyPart part) throws Exception {
    String text;
    Object content = part.getContent();
    if (content instanceof InputStream in) {
      text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } else {
      text = content.toString();
    }
    return java.util.Arrays.stream(text.replace("\r\n", "\n").split("\n\n"))
        .filter(block -> !block.isBlank())
        .map(
            block -> {
              try {
                return new InternetHeaders(
                    new ByteArrayInputStream((block + "\n\n").getBytes(StandardCharsets.US_ASCII)));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }

  static MimeMessage parse(byte[] bytes) throws Exception {
    return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
  }

  @Test
  void reportIsAMultipartReportWithExplanationStatusAndOriginalHeaders() throws Exception {
    MimeMessage report =
        parse(
            dsn(new Failure(
                    "gone@far.example", "550 5.1.1 <gone@far.example>: no such user", false))
                .toBytes());

    assertThat(report.getContentType())
        .startsWith("multipart/report")
        .contains("report-type=delivery-status");
    assertThat(report.getHeader("To", null)).isEqualTo("<sender@main.example>");
    assertThat(report.getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
    Multipart parts = (Multipart) report.getContent();
    assertThat(parts.getCount()).isEqualTo(3);
    assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
    assertThat(parts.getBodyPart(1).getContentType()).startsWith("message/delivery-status");
    assertThat(parts.getBodyPart(2).getContentType()).startsWith("text/rfc822-headers");

    List<InternetHeaders> groups = statusGroups(parts.getBodyPart(1));
    assertThat(groups).hasSize(2);
    assertThat(groups.get(0).getHeader("Reporting-MTA", null)).isEqualTo("dns; mta.main.example");
    assertThat(groups.get(0).getHeader("Arrival-Date", null))
        .isEqualTo("Sun, 1 Mar 2026 10:00:00 GMT");
    InternetHeaders recipient = groups.get(1);
    assertThat(recipient.getHeader("Final-Recipient", null)).isEqualTo("rfc822; gone@far.example");
    assertThat(recipient.getHeader("Action", null)).isEqualTo("failed");
    assertThat(recipient.getHeader("Status", null)).isEqualTo("5.1.1");
    assertThat(recipient.getHeader("Diagnostic-Code", null))
        .isEqualTo("smtp; 550 5.1.1 <gone@far.example>: no such user");
  }

  @Test
  void everyFailedRecipientHasItsOwnStatusGroup() throws Exception {
    MimeMessage report =
        parse(
            dsn(
                    new Failure("a@far.example", "550 no enhanced code", false),
                    new Failure("b@far.example", "451 4.7.1 try later", true))
                .toBytes());

    List<InternetHeaders> groups = statusGroups(((Multipart) report.getContent()).getBodyPart(1));
    assertThat(groups).hasSize(3);
    assertThat(groups.get(1).getHeader("Status", null)).isEqualTo("5.0.0");
    assertThat(groups.get(2).getHeader("Final-Recipient", null)).isEqualTo("rfc822; b@far.example");
    assertThat(groups.get(2).getHeader("Status", null)).isEqualTo("4.7.1");
  }

  @Test
  void expiredRecipientWithoutAnEnhancedCodeGetsDeliveryTimeExpired() {
    assertThat(DeliveryStatusNotification.status(new Failure("x@y", "451 later", true)))
        .isEqualTo("4.4.7");
  }

  @Test
  void remoteReplyCannotInjectHeaderFields() throws Exception {
    String bytes =
        new String(
            dsn(new Failure("a@far.example", "550 bad\r\nX-Injected: yes", false)).toBytes(),
            StandardCharsets.UTF_8);

    assertThat(bytes).doesNotContain("\r\nX-Injected").contains("550 bad??X-Injected: yes");
  }

  @Test
  void nullSenderNeverGetsAReport() {
    assertThatThrownBy(
            () ->
                new DeliveryStatusNotification(
                    "mta.main.example",
                    "",
                    "1A",
                    ARRIVAL,
                    List.of(new Failure("a@b", "550", false)),
                    "",
                    ARRIVAL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("null sender");
  }
}
