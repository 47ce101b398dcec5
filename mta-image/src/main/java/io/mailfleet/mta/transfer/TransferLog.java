package io.mailfleet.mta.transfer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailfleet.mta.spool.MessageId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON line per message a transfer offered, on the {@code io.mailfleet.mta.events} logger
 * (event, message id, peer, reply), as {@link io.mailfleet.mta.delivery.DeliveryLog} does for
 * deliveries.
 */
final class TransferLog {

  private static final Logger EVENTS = LoggerFactory.getLogger("io.mailfleet.mta.events");
  private static final ObjectMapper JSON = new ObjectMapper();

  private TransferLog() {}

  /** The peer took the message in full; it left the spool. */
  static void transferred(MessageId id, String peer, String reply) {
    event("Transfer", id, peer, reply);
  }

  /** The peer refused the message or some recipients; they stay queued here. */
  static void refused(MessageId id, String peer, String reply) {
    event("TransferRefused", id, peer, reply);
  }

  /** The transaction was cut before the peer's final reply; the peer may have a copy. */
  static void unconfirmed(MessageId id, String peer, String reply) {
    event("TransferUnconfirmed", id, peer, reply);
  }

  private static void event(String event, MessageId id, String peer, String reply) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("event", event);
    line.put("messageId", id.value());
    line.put("peer", peer);
    line.put("reply", reply);
    try {
      EVENTS.info(JSON.writeValueAsString(line));
    } catch (JsonProcessingException e) {
      EVENTS.error("cannot write {} event for message {}", event, id, e);
    }
  }
}
