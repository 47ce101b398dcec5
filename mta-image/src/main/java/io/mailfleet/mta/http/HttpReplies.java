package io.mailfleet.mta.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Writes complete HTTP responses: JSON bodies, plain text, and JSON errors. */
public final class HttpReplies {

  /** Shared, thread-safe JSON mapper. */
  public static final ObjectMapper JSON = new ObjectMapper();

  private HttpReplies() {}

  /** Sends {@code body} as JSON. */
  public static void json(
      ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, Object body) {
    json(ctx, HttpUtil.isKeepAlive(req), status, body);
  }

  /** Sends {@code body} as JSON, after the request is gone (asynchronous replies). */
  public static void json(
      ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, Object body) {
    send(ctx, keepAlive, status, "application/json", Unpooled.wrappedBuffer(bytes(body)));
  }

  private static byte[] bytes(Object body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + body.getClass().getSimpleName(), e);
    }
  }

  /** Sends {@code {"error": message}} with the status. */
  public static void error(
      ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, String message) {
    error(ctx, HttpUtil.isKeepAlive(req), status, message);
  }

  /** Sends {@code {"error": message}} with the status, after the request is gone. */
  public static void error(
      ChannelHandlerContext ctx, boolean keepAlive, HttpResponseStatus status, String message) {
    json(ctx, keepAlive, status, Map.of("error", message));
  }

  /**
   * Sends 401 with {@code {"error": message}} and the {@code WWW-Authenticate} {@code challenge}
   * that tells the client which credential to send.
   */
  public static void unauthorized(
      ChannelHandlerContext ctx, FullHttpRequest req, String challenge, String message) {
    FullHttpResponse res =
        response(
            HttpUtil.isKeepAlive(req),
            HttpResponseStatus.UNAUTHORIZED,
            "application/json",
            Unpooled.wrappedBuffer(bytes(Map.of("error", message))));
    res.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, challenge);
    write(ctx, res);
  }

  /** Sends 405 naming the one method the path takes. */
  public static void methodNotAllowed(
      ChannelHandlerContext ctx, FullHttpRequest req, HttpMethod allowed) {
    error(
        ctx,
        req,
        HttpResponseStatus.METHOD_NOT_ALLOWED,
        req.method() + " not allowed; use " + allowed);
  }

  /** Sends plain UTF-8 text. */
  public static void text(
      ChannelHandlerContext ctx, FullHttpRequest req, HttpResponseStatus status, String text) {
    send(
        ctx,
        req,
        status,
        "text/plain; charset=utf-8",
        Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
  }

  /** Sends {@code content} (ownership passes to the response) and honours keep-alive. */
  public static void send(
      ChannelHandlerContext ctx,
      FullHttpRequest req,
      HttpResponseStatus status,
      String contentType,
      ByteBuf content) {
    send(ctx, HttpUtil.isKeepAlive(req), status, contentType, content);
  }

  /** Sends {@code content} (ownership passes to the response), closing unless keep-alive. */
  public static void send(
      ChannelHandlerContext ctx,
      boolean keepAlive,
      HttpResponseStatus status,
      String contentType,
      ByteBuf content) {
    write(ctx, response(keepAlive, status, contentType, content));
  }

  private static FullHttpResponse response(
      boolean keepAlive, HttpResponseStatus status, String contentType, ByteBuf content) {
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
    res.headers()
        .set(HttpHeaderNames.CONTENT_TYPE, contentType)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
    HttpUtil.setKeepAlive(res, keepAlive);
    return res;
  }

  /** Writes {@code res}, closing the connection after it unless it keeps the connection alive. */
  private static void write(ChannelHandlerContext ctx, FullHttpResponse res) {
    if (HttpUtil.isKeepAlive(res)) {
      ctx.writeAndFlush(res);
    } else {
      ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
