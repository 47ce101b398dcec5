package io.mailfleet.mta.admin;

import static io.netty.handler.codec.http.HttpResponseStatus.ACCEPTED;
import static io.netty.handler.codec.http.HttpResponseStatus.BAD_REQUEST;
import static io.netty.handler.codec.http.HttpResponseStatus.CONFLICT;
import static io.netty.handler.codec.http.HttpResponseStatus.FORBIDDEN;
import static io.netty.handler.codec.http.HttpResponseStatus.NOT_FOUND;
import static io.netty.handler.codec.http.HttpResponseStatus.OK;
import static io.netty.handler.codec.http.HttpResponseStatus.SERVICE_UNAVAILABLE;

import io.mailfleet.mta.http.HttpReplies;
import io.mailfleet.mta.transfer.InvalidTransferRequest;
import io.mailfleet.mta.transfer.PeerTransfers;
import io.mailfleet.mta.transfer.TransferRequest;
import io.mailfleet.mta.transfer.TransferRunning;
import io.mailfleet.mta.transfer.TransferState;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/transfer}: {@code POST {"peer": "host:port"}} starts relaying the queue to a peer
 * MTA (202 with its state; 400 for a bad request; 403 for a peer not in {@code
 * delivery.transferPeers}; 409 while one runs), {@code GET} shows the current or last transfer (404
 * before the first).
 */
final class TransferApi {

  private static final Logger LOG = LoggerFactory.getLogger(TransferApi.class);

  private final PeerTransfers transfers;

  TransferApi(PeerTransfers transfers) {
    this.transfers = transfers;
  }

  void handle(ChannelHandlerContext ctx, FullHttpRequest req) {
    if (req.method().equals(HttpMethod.GET)) {
      transfers
          .current()
          .ifPresentOrElse(
              state -> HttpReplies.json(ctx, req, OK, state),
              () -> HttpReplies.error(ctx, req, NOT_FOUND, "no transfer has run since start"));
    } else if (req.method().equals(HttpMethod.POST)) {
      start(ctx, req);
    } else {
      HttpReplies.methodNotAllowed(ctx, req, HttpMethod.POST);
    }
  }

  private void start(ChannelHandlerContext ctx, FullHttpRequest req) {
    TransferRequest request;
    try {
      request = TransferRequest.parse(ByteBufUtil.getBytes(req.content()));
    } catch (InvalidTransferRequest e) {
      HttpReplies.error(ctx, req, BAD_REQUEST, e.getMessage());
      return;
    }
    if (!transfers.allows(request.peer())) {
      LOG.warn("transfer to {} refused: not in delivery.transferPeers", request.peer());
      HttpReplies.error(
          ctx,
          req,
          FORBIDDEN,
          "peer: " + request.peer().host() + " is not in delivery.transferPeers");
      return;
    }
    try {
      TransferState started = transfers.start(request);
      HttpReplies.json(ctx, req, ACCEPTED, started);
    } catch (TransferRunning e) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", e.getMessage());
      body.put("transfer", e.running());
      HttpReplies.json(ctx, req, CONFLICT, body);
    } catch (IllegalStateException e) {
      LOG.warn("transfer to {} refused: {}", request.peer(), e.getMessage());
      HttpReplies.error(ctx, req, SERVICE_UNAVAILABLE, e.getMessage());
    }
  }
}
