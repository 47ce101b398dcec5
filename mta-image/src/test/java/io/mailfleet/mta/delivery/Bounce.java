package io.mailfleet.mta.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * Checks a bounce as a receiving client would read it: RFC 3464 structure, parsed by Angus Mail.
 */
final class Bounce {

  private Bounce() {}

  /**
   * Asserts that {@code dumped} (a message as smtp-sink dumped it) is a DSN for {@code recipient}
   * with {@code status}, quoting the original header {@code originalHeader}.
   */
  static void assertReports(String dumped, String recipient, String status, String originalHeader)
      throws Exception {
    MimeMessage report =
        new MimeMessage(
            Session.getInstance(new Properties()),
            new ByteArrayInputStream(dumped.getBytes(StandardCharsets.ISO_8859_1)));
    assertThat(report.getContentType())
        .startsWith("multipart/report")
        .contains("report-type=delivery-status");
    Multipart parts = (Multipart) report.getContent();
    assertThat(parts.getCount()).isEqualTo(3);
    assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
    assertThat(parts.getBodyPart(1).getContentType()).startsWith("message/delivery-status");
    assertThat(parts.getBodyPart(2).getContentType()).startsWith("text/rfc822-headers");
    assertThat(text(parts.getBodyPart(2))).contains(originalHeader);

    List<InternetHeaders> groups = groups(text(parts.getBodyPart(1)));
    assertThat(groups).hasSizeGreaterThanOrEqualTo(2);
    assertThat(groups.get(0).getHeader("Reporting-MTA", null)).startsWith("dns; ");
    InternetHeaders perRecipient = groups.get(1);
    assertThat(perRecipient.getHeader("Final-Recipient", null)).isEqualTo("rfc822; " + recipient);
    assertThat(perRecipient.getHeader("Action", null)).isEqualTo("failed");
    assertThat(perRecipient.getHeader("Status", null)).isEqualTo(status);
    assertThat(perRecipient.getHeader("Diagnostic-Code", null)).startsWith("smtp; ");
  }

  private static String text(BodyPart part) throws Exception {
    Object content = part.getContent();
    if (content instanceof InputStream in) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
    return content.toString();
  }

  private static List<InternetHeaders> groups(String status) {
    return Arrays.stream(status.replace("\r\n", "\n").split("\n\n"))
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
}
