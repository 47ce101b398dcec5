package io.mailfleet.mta.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailfleet.mta.admin.DeliveryOutcome;
import io.mailfleet.mta.admin.MtaMetrics;
import io.mailfleet.mta.queue.DeliveryJob;
import io.mailfleet.mta.queue.DeliveryListener;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports each recipient's outcome as one JSON line on the {@code io.mailfleet.mta.events} logger
 * (event, message id, site, queue time, remote reply) and in the metrics. Recipients themselves
 * appear at DEBUG only.
 */
public final class DeliveryLog implements DeliveryListener {

  private static final Logger EVENTS = LoggerFactory.getLogger("io.mailfleet.mta.events");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MtaMetrics metrics;

  public DeliveryLog(MtaMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void delivered(DeliveryJob job, String recipient, Duration queueTime, String reply) {
    event("Delivery", job, recipient, queueTime, reply, null);
    metrics.recipientOutcome(DeliveryOutcome.DELIVERED, queueTime);
  }

  @Override
  public void deferred(
      DeliveryJob job, String recipient, Duration queueTime, String reply, Duration retryIn) {
    event("TransientFailure", job, recipient, queueTime, reply, retryIn);
    metrics.recipientOutcome(DeliveryOutcome.DEFERRED, queueTime);
  }

  @Override
  public void bounced(DeliveryJob job, String recipient, Duration queueTime, String reply) {
    event("Bounce", job, recipient, queueTime, reply, null);
    metrics.recipientOutcome(DeliveryOutcome.BOUNCED, queueTime);
  }

  @Override
  public void expired(DeliveryJob job, String recipient, Duration queueTime, String reply) {
    event("Expiration", job, recipient, queueTime, reply, null);
    metrics.recipientOutcome(DeliveryOutcome.EXPIRED, queueTime);
  }

  private static void event(
      String event,
      DeliveryJob job,
      String recipient,
      Duration queueTime,
      String reply,
      Duration retryIn) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("event", event);
    line.put("messageId", job.message().id().value());
    line.put("site", job.domain());
    line.put("attempt", job.failures() + 1);
    line.put("queueTimeMs", queueTime.toMillis());
    line.put("reply", reply);
    if (retryIn != null) {
      line.put("retryInMs", retryIn.toMillis());
    }
    if (EVENTS.isDebugEnabled()) {
      line.put("recipient", recipient);
    }
    try {
      EVENTS.info(JSON.writeValueAsString(line));
    } catch (JsonProcessingException e) {
      EVENTS.error("cannot write {} event for message {}", event, job.message().id(), e);
    }
  }
}
