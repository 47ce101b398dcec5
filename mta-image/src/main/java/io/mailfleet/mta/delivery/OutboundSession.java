package io.mailfleet.mta.delivery;

import io.mailfleet.mta.config.DeliveryTimeouts;
import io.mailfleet.mta.queue.DeliveryJob;
import io.mailfleet.mta.queue.DeliveryResult;
import io.mailfleet.mta.spool.Spool;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.smtp.DefaultLastSmtpContent;
import io.netty.handler.codec.smtp.DefaultSmtpContent;
import io.netty.handler.codec.smtp.SmtpRequest;
import io.netty.handler.codec.smtp.SmtpRequests;
import io.netty.handler.codec.smtp.SmtpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The SMTP dialogue on one open connection (RFC 5321 3.3): greeting and EHLO once, then one mail
 * transaction per job, pipelined (RFC 2920) when the server offers it, with an outcome per
 * recipient. Content streams from the spool in chunks, dot-stuffed.
 */
final class OutboundSession {

  private static final int CHUNK = 64 * 1024;

  private final OutboundConnection connection;
  private final DeliveryTimeouts timeouts;
  private final Spool spool;
  private boolean pipelining;

  OutboundSession(OutboundConnection connection, DeliveryTimeouts timeouts, Spool spool) {
    this.connection = connection;
    this.timeouts = timeouts;
    this.spool = spool;
  }

  /**
   * Reads the greeting and says EHLO (HELO if EHLO is refused). Returns null when the server is
   * ready, or its refusal.
   */
  SmtpResponse open(String ehloName) throws DeliveryIoException, InterruptedException {
    SmtpResponse greeting = connection.reply(timeouts.command());
    if (greeting.code() != 220) {
      return greeting;
    }
    connection.send(List.of(SmtpRequests.ehlo(ehloName)));
    SmtpResponse ehlo = connection.reply(timeouts.command());
    if (ehlo.code() == 250) {
      pipelining =
          ehlo.details().stream()
              .skip(1)
              .anyMatch(line -> line.toString().toUpperCase(Locale.ROOT).startsWith("PIPELINING"));
      return null;
    }
    connection.send(List.of(SmtpRequests.helo(ehloName)));
    SmtpResponse helo = connection.reply(timeouts.command());
    return helo.code() == 250 ? null : helo;
  }

  /** Whether the server offered PIPELINING in its EHLO reply. */
  boolean pipelining() {
    return pipelining;
  }

  /** Runs one mail transaction; an I/O failure leaves the connection unusable. */
  Map<String, DeliveryResult> transact(DeliveryJob job)
      throws DeliveryIoException, InterruptedException {
    String sender = job.message().envelope().sender();
    SmtpRequest mail = SmtpRequests.mail(sender.isEmpty() ? null : sender);
    List<SmtpRequest> rcpts = job.recipients().stream().map(r -> SmtpRequests.rcpt(r)).toList();
    SmtpResponse mailReply;
    List<SmtpResponse> rcptReplies = new ArrayList<>();
    SmtpResponse dataReply = null;
    if (pipelining) {
      List<SmtpRequest> batch = new ArrayList<>();
      batch.add(mail);
      batch.addAll(rcpts);
      batch.add(SmtpRequests.data());
      connection.send(batch);
      mailReply = connection.reply(timeouts.command());
      for (int i = 0; i < rcpts.size(); i++) {
        rcptReplies.add(connection.reply(timeouts.command()));
      }
      dataReply = connection.reply(timeouts.command());
    } else {
      connection.send(List.of(mail));
      mailReply = connection.reply(timeouts.command());
      if (mailReply.code() == 250) {
        for (SmtpRequest rcpt : rcpts) {
          connection.send(List.of(rcpt));
          rcptReplies.add(connection.reply(timeouts.command()));
        }
      }
    }
    return finish(job, mailReply, rcptReplies, dataReply);
  }

  private Map<String, DeliveryResult> finish(
      DeliveryJob job,
      SmtpResponse mailReply,
      List<SmtpResponse> rcptReplies,
      SmtpResponse dataReply)
      throws DeliveryIoException, InterruptedException {
    Map<String, DeliveryResult> results = new LinkedHashMap<>();
    List<String> accepted = new ArrayList<>();
    for (int i = 0; i < job.recipients().size(); i++) {
      String recipient = job.recipients().get(i);
      SmtpResponse reply = mailReply.code() != 250 ? mailReply : rcptReplies.get(i);
      if (reply.code() >= 200 && reply.code() < 300) {
        accepted.add(recipient);
      } else {
        results.put(
            recipient, DeliveryResult.ofReply(reply.code(), OutboundConnection.text(reply)));
      }
    }
    if (dataReply == null && !accepted.isEmpty()) {
      connection.send(List.of(SmtpRequests.data()));
      dataReply = connection.reply(timeouts.command());
    }
    if (dataReply != null && dataReply.code() == 354) {
      SmtpResponse end = accepted.isEmpty() ? sendNothing() : sendContent(job);
      accepted.forEach(
          r -> results.put(r, DeliveryResult.ofReply(end.code(), OutboundConnection.text(end))));
    } else {
      for (String r : accepted) {
        results.put(
            r, DeliveryResult.ofReply(dataReply.code(), OutboundConnection.text(dataReply)));
      }
      reset();
    }
    return results;
  }

  /** A pipelined DATA got 354 though no recipient was accepted: end it empty (RFC 2920 3.1). */
  private SmtpResponse sendNothing() throws DeliveryIoException, InterruptedException {
    connection.write(new DefaultLastSmtpContent(Unpooled.EMPTY_BUFFER), timeouts.data());
    return connection.reply(timeouts.data());
  }

  private SmtpResponse sendContent(DeliveryJob job)
      throws DeliveryIoException, InterruptedException {
    DotStuffer stuffer = new DotStuffer();
    ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    byte[] chunk = new byte[CHUNK];
    try (InputStream in = spool.open(job.message().id())) {
      int n;
      while ((n = in.readNBytes(chunk, 0, CHUNK)) > 0) {
        // Ownership of each buffer passes to the pipeline, which releases it once written.
        connection.write(new DefaultSmtpContent(stuffer.stuff(alloc, chunk, n)), timeouts.data());
      }
    } catch (IOException e) {
      // The peer has seen part of the content and no final dot: closing aborts the transaction.
      connection.close();
      throw new DeliveryIoException("cannot read message " + job.message().id(), e);
    }
    connection.write(new DefaultLastSmtpContent(stuffer.tail(alloc)), timeouts.data());
    return connection.reply(timeouts.data());
  }

  private void reset() throws DeliveryIoException, InterruptedException {
    connection.send(List.of(SmtpRequests.rset()));
    connection.reply(timeouts.command());
  }

  /** Says QUIT and waits briefly for the reply; the connection closes either way. */
  void quit() throws InterruptedException {
    try {
      connection.send(List.of(SmtpRequests.quit()));
      connection.reply(timeouts.command());
    } catch (DeliveryIoException e) {
      // The mail is delivered; a peer that drops the line at QUIT changes nothing.
    }
  }
}
