package io.mailfleet.mta.transfer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailfleet.mta.queue.NextHop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code POST /api/v1/transfer} asks for: {@code {"peer": "host:port"}}.
 *
 * @param peer the peer MTA's SMTP listener
 */
public record TransferRequest(NextHop peer) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern HOST_PORT =
      Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?):(\\d{1,5})");

  public TransferRequest {
    Objects.requireNonNull(peer, "peer");
  }

  /** Parses a request body; the exception names the field and the problem. */
  public static TransferRequest parse(byte[] body) throws InvalidTransferRequest {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new InvalidTransferRequest("body is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read a request body held in memory", e);
    }
    if (root == null || !root.isObject()) {
      throw new InvalidTransferRequest("body must be a JSON object: {\"peer\": \"host:port\"}");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!name.equals("peer")) {
        throw new InvalidTransferRequest(name + ": unknown field; known fields are [peer]");
      }
    }
    JsonNode peer = root.get("peer");
    if (peer == null || peer.isNull()) {
      throw new InvalidTransferRequest("peer: missing; expected \"host:port\"");
    }
    if (!peer.isTextual()) {
      throw new InvalidTransferRequest("peer: must be a string \"host:port\"");
    }
    return new TransferRequest(peerOf(peer.asText()));
  }

  private static NextHop peerOf(String text) throws InvalidTransferRequest {
    Matcher m = HOST_PORT.matcher(text);
    if (!m.matches()) {
      throw new InvalidTransferRequest("peer: not host:port: " + text);
    }
    int port = Integer.parseInt(m.group(3));
    if (port < 1 || port > 65535) {
      throw new InvalidTransferRequest("peer: port must be between 1 and 65535, was " + port);
    }
    return NextHop.parse(text);
  }
}
