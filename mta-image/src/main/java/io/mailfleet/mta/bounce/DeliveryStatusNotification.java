package io.mailfleet.mta.bounce;

import io.mailfleet.mta.queue.NonDeliveryReports.Failure;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An RFC 3464 delivery status notification, with no I/O: a multipart/report (RFC 6522) whose parts
 * are a human-readable explanation, the message/delivery-status fields (per message, then per
 * recipient) and the original message's headers (text/rfc822-headers).
 *
 * @param reportingMta this MTA's host name
 * @param sender the original envelope sender, who receives the report (never empty)
 * @param originalId the original message's spool id
 * @param arrivalDate when the original message was received
 * @param failures the recipients the report covers
 * @param originalHeaders the original header section (CRLF lines, no blank line at the end)
 * @param now when the report is made
 */
public record DeliveryStatusNotification(
    String reportingMta,
    String sender,
    String originalId,
    Instant arrivalDate,
    List<Failure> failures,
    String originalHeaders,
    Instant now) {

  private static final Pattern ENHANCED =
      Pattern.compile("\\b([245])\\.(\\d{1,3})\\.(\\d{1,3})\\b");
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  public DeliveryStatusNotification {
    Objects.requireNonNull(reportingMta, "reportingMta");
    Objects.requireNonNull(originalId, "originalId");
    Objects.requireNonNull(arrivalDate, "arrivalDate");
    Objects.requireNonNull(originalHeaders, "originalHeaders");
    Objects.requireNonNull(now, "now");
    if (sender == null || sender.isEmpty()) {
      throw new IllegalArgumentException("no report to the null sender (RFC 5321 6.1)");
    }
    failures = List.copyOf(failures);
    if (failures.isEmpty()) {
      throw new IllegalArgumentException("a report covers at least one recipient");
    }
  }

  /**
   * The RFC 3463 status for a failure: the enhanced code in the reply when it has one, else 5.0.0
   * for a permanent failure and 4.4.7 (delivery time expired) for an expired one.
   */
  static String status(Failure failure) {
    Matcher m = ENHANCED.matcher(failure.reply());
    if (m.find() && !(failure.expired() && m.group(1).equals("2"))) {
      return m.group();
    }
    return failure.expired() ? "4.4.7" : "5.0.0";
  }

  /** The whole message, headers and body, with CRLF line endings. */
  public byte[] toBytes() {
    String boundary = "dsn=" + originalId + "/" + now.toEpochMilli();
    StringBuilder m = new StringBuilder();
    line(m, "From: Mail Delivery System <MAILER-DAEMON@" + reportingMta + ">");
    line(m, "To: <" + sender + ">");
    line(m, "Subject: Undelivered Mail Returned to Sender");
    line(m, "Date: " + DATE.format(now));
    line(m, "Message-ID: <dsn." + originalId + "." + now.toEpochMilli() + "@" + reportingMta + ">");
    line(m, "Auto-Submitted: auto-replied");
    line(m, "MIME-Version: 1.0");
    line(m, "Content-Type: multipart/report; report-type=delivery-status;");
    line(m, "\tboundary=\"" + boundary + "\"");
    line(m, "");
    line(m, "This is a MIME-encapsulated delivery status notification.");
    line(m, "");
    line(m, "--" + boundary);
    line(m, "Content-Type: text/plain; charset=us-ascii");
    line(m, "");
    explanation(m);
    line(m, "--" + boundary);
    line(m, "Content-Type: message/delivery-status");
    line(m, "");
    deliveryStatus(m);
    line(m, "--" + boundary);
    line(m, "Content-Type: text/rfc822-headers");
    line(m, "");
    m.append(originalHeaders);
    if (!originalHeaders.isEmpty() && !originalHeaders.endsWith("\r\n")) {
      m.append("\r\n");
    }
    line(m, "");
    line(m, "--" + boundary + "--");
    return m.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void explanation(StringBuilder m) {
    line(m, "This is the mail system at host " + reportingMta + ".");
    line(m, "");
    line(m, "Your message could not be delivered to one or more recipients.");
    line(m, "");
    for (Failure f : failures) {
      line(
          m,
          "<"
              + ascii(f.recipient())
              + ">: "
              + (f.expired() ? "delivery time expired; last reply: " : "")
              + ascii(f.reply()));
    }
    line(m, "");
  }

  private void deliveryStatus(StringBuilder m) {
    line(m, "Reporting-MTA: dns; " + reportingMta);
    line(m, "X-Mailfleet-Queue-ID: " + originalId);
    line(m, "Arrival-Date: " + DATE.format(arrivalDate));
    for (Failure f : failures) {
      line(m, "");
      line(m, "Final-Recipient: rfc822; " + ascii(f.recipient()));
      line(m, "Action: failed");
      line(m, "Status: " + status(f));
      line(m, "Diagnostic-Code: smtp; " + ascii(f.reply()));
    }
    line(m, "");
  }

  /** One header-safe line: printable ASCII only, so a reply cannot inject fields. */
  private static String ascii(String text) {
    return text.replaceAll("[^\\x20-\\x7e]", "?");
  }

  private static void line(StringBuilder m, String text) {
    m.append(text).append("\r\n");
  }
}
