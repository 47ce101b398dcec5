package io.mailfleet.mta.inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.mailfleet.mta.http.HttpReplies;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The body of {@code POST /api/v1/messages}, and of each message an SQS source receives.
 *
 * @param sender the envelope sender (reverse path); empty for the null sender
 * @param recipients the envelope recipients, 1 to {@value #MAX_RECIPIENTS}
 * @param message the RFC 5322 message (headers, blank line, body); bare LF becomes CRLF
 */
public record InjectionRequest(String sender, List<String> recipients, String message) {

  /** Most recipients one request may name. */
  public static final int MAX_RECIPIENTS = 1000;

  public InjectionRequest {
    if (sender == null) {
      throw new InvalidInjectionException("sender", "is required (use \"\" for the null sender)");
    }
    if (!sender.isEmpty() && MailboxAddress.problemWith(sender) != null) {
      throw new InvalidInjectionException("sender", MailboxAddress.problemWith(sender));
    }
    if (recipients == null || recipients.isEmpty()) {
      throw new InvalidInjectionException("recipients", "at least one recipient is required");
    }
    if (recipients.size() > MAX_RECIPIENTS) {
      throw new InvalidInjectionException("recipients", "more than " + MAX_RECIPIENTS);
    }
    for (int i = 0; i < recipients.size(); i++) {
      String r = recipients.get(i);
      String problem = r == null ? "is null" : MailboxAddress.problemWith(r);
      if (problem != null) {
        throw new InvalidInjectionException("recipients[" + i + "]", problem);
      }
    }
    recipients = List.copyOf(recipients);
    if (message == null || message.isEmpty()) {
      throw new InvalidInjectionException("message", "is required");
    }
    if (!message.contains(":")) {
      throw new InvalidInjectionException("message", "has no header fields (RFC 5322)");
    }
  }

  /**
   * Reads and validates one request from its JSON; every problem, unreadable JSON included, is an
   * {@link InvalidInjectionException} naming the field.
   */
  public static InjectionRequest read(InputStream json) {
    try (json) {
      InjectionRequest parsed = HttpReplies.JSON.readValue(json, InjectionRequest.class);
      if (parsed == null) {
        throw new InvalidInjectionException("body", "a JSON object is required");
      }
      return parsed;
    } catch (JsonProcessingException e) {
      if (e.getCause() instanceof InvalidInjectionException invalid) {
        throw invalid;
      }
      throw new InvalidInjectionException(
          "body", "not valid JSON for a message: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidInjectionException("body", "unreadable: " + e.getMessage());
    }
  }

  /** The message with CRLF line endings and a final CRLF, as the spool stores content. */
  public String canonicalMessage() {
    String crlf = message.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
    return crlf.endsWith("\r\n") ? crlf : crlf + "\r\n";
  }
}
