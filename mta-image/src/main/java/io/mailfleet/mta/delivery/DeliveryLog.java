package io.mailfleet.mta.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailfleet.mta.dkim.Originator;
import io.mailfleet.mta.dkim.SigningRefusals;
import io.mailfleet.mta.metrics.MtaMetrics;
import io.mailfleet.mta.queue.Attempt;
import io.mailfleet.mta.queue.DeliveryJob;
import io.mailfleet.mta.queue.DeliveryListener;
import io.mailfleet.mta.queue.RecipientDisposition;
import io.mailfleet.mta.queue.SiteKey;
import io.mailfleet.mta.spool.Envelope;
import io.mailfleet.mta.spool.SpooledMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports each reception and each recipient's outcome as one JSON line on the {@code
 * io.mailfleet.mta.events} logger (event, message id, pool, site, domain, source, remote, queue
 * time, remote reply) and in the metrics, and sites suspended and resumed likewise. Recipients
 * themselves appear at DEBUG only. Also reports each message a DKIM key was not allowed to sign
 * (ADR 0017).
 */
public final class DeliveryLog implements DeliveryListener, SigningRefusals {

  /** The {@code reason} of a message left unsigned because its originator may not use the key. */
  static final String SENDER_NOT_ALLOWED = "sender_not_allowed";

  private static final Logger EVENTS = LoggerFactory.getLogger("io.mailfleet.mta.events");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MtaMetrics metrics;

  public DeliveryLog(MtaMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void received(SpooledMessage message, String pool) {
    write(receptionLine(message, pool), message.id());
  }

  /** The fields of a {@code Reception} line: the sender's domain, the sender itself at DEBUG. */
  static Map<String, Object> receptionLine(SpooledMessage message, String pool) {
    Envelope envelope = message.envelope();
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("event", "Reception");
    line.put("messageId", message.id().value());
    line.put("pool", pool);
    line.put("client", envelope.clientAddress());
    line.put("senderDomain", DeliveryJob.domainOf(envelope.sender()));
    line.put("recipients", envelope.recipients().size());
    line.put("sizeBytes", message.size());
    if (EVENTS.isDebugEnabled()) {
      line.put("sender", envelope.sender());
    }
    return line;
  }

  @Override
  public void delivered(
      DeliveryJob job, Attempt attempt, String recipient, Duration queueTime, String reply) {
    outcome(RecipientDisposition.DELIVERED, job, attempt, recipient, queueTime, reply, null);
  }

  @Override
  public void deferred(
      DeliveryJob job,
      Attempt attempt,
      String recipient,
      Duration queueTime,
      String reply,
      Duration retryIn) {
    outcome(RecipientDisposition.DEFERRED, job, attempt, recipient, queueTime, reply, retryIn);
  }

  @Override
  public void bounced(
      DeliveryJob job, Attempt attempt, String recipient, Duration queueTime, String reply) {
    outcome(RecipientDisposition.BOUNCED, job, attempt, recipient, queueTime, reply, null);
  }

  @Override
  public void expired(
      DeliveryJob job, Attempt attempt, String recipient, Duration queueTime, String reply) {
    outcome(RecipientDisposition.EXPIRED, job, attempt, recipient, queueTime, reply, null);
  }

  @Override
  public void siteSuspended(SiteKey site, String label, Instant until, String reason) {
    write(suspendedLine(site, label, until, reason), site);
  }

  @Override
  public void siteResumed(SiteKey site, String label, String how) {
    write(resumedLine(site, label, how), site);
  }

  /** The fields of a {@code SiteSuspended} line. */
  static Map<String, Object> suspendedLine(
      SiteKey site, String label, Instant until, String reason) {
    Map<String, Object> line = siteLine("SiteSuspended", site, label);
    line.put("until", until.toString());
    line.put("reason", reason);
    return line;
  }

  /** The fields of a {@code SiteResumed} line. */
  static Map<String, Object> resumedLine(SiteKey site, String label, String how) {
    Map<String, Object> line = siteLine("SiteResumed", site, label);
    line.put("reason", how);
    return line;
  }

  private static Map<String, Object> siteLine(String event, SiteKey site, String label) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("event", event);
    line.put("pool", site.pool());
    line.put("site", site.site());
    line.put("label", label);
    return line;
  }

  @Override
  public void notAllowed(String messageId, String signingDomain, Originator originator) {
    write(notSignedLine(messageId, signingDomain, originator), messageId);
    metrics.dkimUnsigned(signingDomain, SENDER_NOT_ALLOWED);
  }

  /** The fields of a {@code DkimNotSigned} line: the sender's domain, the AUTH user at DEBUG. */
  static Map<String, Object> notSignedLine(
      String messageId, String signingDomain, Originator originator) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("event", "DkimNotSigned");
    line.put("messageId", messageId);
    line.put("signingDomain", signingDomain);
    line.put("reason", SENDER_NOT_ALLOWED);
    line.put("senderDomain", originator.senderDomain());
    line.put("authenticated", !originator.authenticatedUser().isEmpty());
    if (EVENTS.isDebugEnabled()) {
      line.put("authenticatedUser", originator.authenticatedUser());
    }
    return line;
  }

  /** One recipient's outcome: its event line and its count in the metrics. */
  private void outcome(
      RecipientDisposition outcome,
      DeliveryJob job,
      Attempt attempt,
      String recipient,
      Duration queueTime,
      String reply,
      Duration retryIn) {
    write(
        outcomeLine(event(outcome), job, attempt, recipient, queueTime, reply, retryIn),
        job.message().id());
    metrics.recipientOutcome(outcome, attempt.pool(), queueTime);
  }

  /** The event name of an outcome line. */
  private static String event(RecipientDisposition outcome) {
    return switch (outcome) {
      case DELIVERED -> "Delivery";
      case DEFERRED -> "TransientFailure";
      case BOUNCED -> "Bounce";
      case EXPIRED -> "Expiration";
    };
  }

  /** The fields of one recipient's outcome line, in order. */
  static Map<String, Object> outcomeLine(
      String event,
      DeliveryJob job,
      Attempt attempt,
      String recipient,
      Duration queueTime,
      String reply,
      Duration retryIn) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("event", event);
    line.put("messageId", job.message().id().value());
    line.put("pool", attempt.pool());
    line.put("site", attempt.site());
    line.put("domain", job.domain());
    line.put("source", attempt.source());
    line.put("remote", attempt.remote());
    line.put("attempt", job.failures() + 1);
    line.put("queueTimeMs", queueTime.toMillis());
    line.put("reply", reply);
    if (retryIn != null) {
      line.put("retryInMs", retryIn.toMillis());
    }
    if (EVENTS.isDebugEnabled()) {
      line.put("recipient", recipient);
    }
    return line;
  }

  private static void write(Map<String, Object> line, Object subject) {
    try {
      EVENTS.info(JSON.writeValueAsString(line));
    } catch (JsonProcessingException e) {
      EVENTS.error("cannot write {} event for {}", line.get("event"), subject, e);
    }
  }
}
