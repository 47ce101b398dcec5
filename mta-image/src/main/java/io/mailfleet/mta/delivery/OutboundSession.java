package io.mailfleet.mta.delivery;

import io.mailfleet.mta.config.DeliveryTimeouts;
import io.mailfleet.mta.config.TlsPolicy;
import io.mailfleet.mta.dkim.DkimSigner;
import io.mailfleet.mta.queue.DeliveryJob;
import io.mailfleet.mta.queue.DeliveryReplies;
import io.mailfleet.mta.queue.DeliveryResult;
import io.mailfleet.mta.queue.DeliveryResult.PermanentFailure;
import io.mailfleet.mta.spool.DamagedContentException;
import io.mailfleet.mta.spool.Spool;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.smtp.DefaultLastSmtpContent;
import io.netty.handler.codec.smtp.DefaultSmtpContent;
import io.netty.handler.codec.smtp.DefaultSmtpRequest;
import io.netty.handler.codec.smtp.SmtpCommand;
import io.netty.handler.codec.smtp.SmtpRequests;
import io.netty.handler.codec.smtp.SmtpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMTP dialogue on one open connection (RFC 5321 3.3): greeting, EHLO, STARTTLS as the policy
 * asks (RFC 3207) and EHLO again, then one mail transaction per job, pipelined (RFC 2920) when the
 * server offers it, with an outcome per recipient. Content streams from the spool in chunks,
 * dot-stuffed, under the DKIM signature when a key covers it.
 */
final class OutboundSession {

  private static final Logger LOG = LoggerFactory.getLogger(OutboundSession.class);
  private static final int CHUNK = 64 * 1024;

  private final OutboundConnection connection;
  private final DeliveryTimeouts timeouts;
  private final Spool spool;
  private final OutboundTls tls;
  private final DkimSigner signer;
  private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

  /** Content on its way from the spool to the dot-stuffer; one per session, reused per message. */
  private final byte[] chunk = new byte[CHUNK];

  private EhloCapabilities server = EhloCapabilities.HELO_ONLY;

  OutboundSession(
      OutboundConnection connection,
      DeliveryTimeouts timeouts,
      Spool spool,
      OutboundTls tls,
      DkimSigner signer) {
    this.connection = connection;
    this.timeouts = timeouts;
    this.spool = spool;
    this.tls = tls;
    this.signer = signer;
  }

  /** Why a next hop could not take mail on this connection. */
  record HopRefusal(String reply, boolean retryInClearText) {}

  /**
   * Reads the greeting, says EHLO (HELO if EHLO is refused) and secures the connection as {@code
   * policy} asks. Returns empty when the server is ready for mail.
   */
  Optional<HopRefusal> open(String ehloName, TlsPolicy policy)
      throws DeliveryIoException, InterruptedException {
    Optional<HopRefusal> refusal = greetAndEhlo(ehloName);
    if (refusal.isPresent()) {
      return refusal;
    }
    return switch (StartTlsStep.decide(policy, server.startTls())) {
      case CLEAR_TEXT -> Optional.empty();
      case DEFER -> refuse(DeliveryReplies.startTlsNotOffered(connection.hop().toString()), false);
      case START_TLS -> startTls(ehloName, policy);
    };
  }

  /** Opens without STARTTLS, after an opportunistic handshake with the same server failed. */
  Optional<HopRefusal> openInClearText(String ehloName)
      throws DeliveryIoException, InterruptedException {
    return greetAndEhlo(ehloName);
  }

  private Optional<HopRefusal> greetAndEhlo(String ehloName)
      throws DeliveryIoException, InterruptedException {
    SmtpResponse greeting = connection.reply(timeouts.command());
    if (greeting.code() != 220) {
      return refuse(greeting);
    }
    return ehlo(ehloName);
  }

  private Optional<HopRefusal> ehlo(String ehloName)
      throws DeliveryIoException, InterruptedException {
    connection.send(List.of(SmtpRequests.ehlo(ehloName)));
    SmtpResponse ehlo = connection.reply(timeouts.command());
    if (ehlo.code() == 250) {
      server = EhloCapabilities.parse(ehlo.details());
      return Optional.empty();
    }
    server = EhloCapabilities.HELO_ONLY;
    connection.send(List.of(SmtpRequests.helo(ehloName)));
    SmtpResponse helo = connection.reply(timeouts.command());
    return helo.code() == 250 ? Optional.empty() : refuse(helo);
  }

  private Optional<HopRefusal> startTls(String ehloName, TlsPolicy policy)
      throws DeliveryIoException, InterruptedException {
    connection.send(List.of(new DefaultSmtpRequest(SmtpCommand.valueOf("STARTTLS"))));
    SmtpResponse ready = connection.reply(timeouts.command());
    if (ready.code() != 220) {
      if (policy.allowsClearText()) {
        return Optional.empty();
      }
      return refuse(
          DeliveryReplies.startTlsRefused(
              connection.hop().toString(), OutboundConnection.text(ready)),
          false);
    }
    String cipher;
    try {
      cipher =
          connection.startTls(tls.handler(policy, connection.hop(), alloc), timeouts.command());
    } catch (DeliveryIoException e) {
      return refuse(DeliveryReplies.tlsFailed(e), policy.allowsClearText());
    }
    LOG.debug("connection to {} secured: {}", connection.hop(), cipher);
    // RFC 3207 4.2: the server forgets what it said before TLS; ask again.
    return ehlo(ehloName);
  }

  private Optional<HopRefusal> refuse(SmtpResponse reply) {
    return refuse(OutboundConnection.text(reply) + " (from " + connection.hop() + ")", false);
  }

  private static Optional<HopRefusal> refuse(String reply, boolean retryInClearText) {
    return Optional.of(new HopRefusal(reply, retryInClearText));
  }

  /** Whether the server offered PIPELINING in its EHLO reply. */
  boolean pipelining() {
    return server.pipelining();
  }

  /** Runs one mail transaction; an I/O failure leaves the connection unusable. */
  Map<String, DeliveryResult> transact(DeliveryJob job)
      throws DeliveryIoException, InterruptedException {
    PreparedContent content;
    try {
      content = PreparedContent.prepare(spool, job.message(), signer, server.eightBitMime());
    } catch (DamagedContentException e) {
      // Nothing was sent for it yet: the connection stays good for the rest of the batch.
      LOG.error("message {}: {}", job.message().id(), e.getMessage());
      return job.outcomeForAll(new PermanentFailure(DeliveryReplies.contentDamaged(e)));
    } catch (IOException e) {
      throw new DeliveryIoException("cannot read message " + job.message().id(), e);
    }
    try {
      return transact(job, content);
    } finally {
      close(job, content);
    }
  }

  private static void close(DeliveryJob job, PreparedContent content) {
    try {
      content.close();
    } catch (IOException e) {
      // The outcome is settled; a spool stream that fails to close changes nothing of it.
      LOG.debug("message {}: closing its content: {}", job.message().id(), e.getMessage());
    }
  }

  private Map<String, DeliveryResult> transact(DeliveryJob job, PreparedContent content)
      throws DeliveryIoException, InterruptedException {
    String sender = job.message().envelope().sender();
    boolean utf8 =
        MailParameters.needsUtf8(sender)
            || job.recipients().stream().anyMatch(MailParameters::needsUtf8);
    MailParameters parameters =
        MailParameters.choose(server, content.size(), content.eightBit(), utf8);
    if (parameters instanceof MailParameters.Refuse refuse) {
      Map<String, DeliveryResult> results = new LinkedHashMap<>();
      job.recipients().forEach(r -> results.put(r, new PermanentFailure(refuse.reply())));
      return results;
    }
    EnvelopeReplies replies =
        sendEnvelope(sender, ((MailParameters.Send) parameters).parameters(), job.recipients());
    return finish(job, content, replies.mail(), replies.rcpts(), replies.data());
  }

  /** The replies to MAIL, each RCPT and, when pipelined, DATA (null when not sent yet). */
  private record EnvelopeReplies(SmtpResponse mail, List<SmtpResponse> rcpts, SmtpResponse data) {}

  private EnvelopeReplies sendEnvelope(
      String sender, List<String> mailParameters, List<String> recipients)
      throws DeliveryIoException, InterruptedException {
    List<SmtpResponse> rcptReplies = new ArrayList<>();
    if (server.pipelining()) {
      List<Object> batch = new ArrayList<>();
      batch.add(EnvelopeCommands.mail(alloc, sender, mailParameters));
      recipients.forEach(r -> batch.add(EnvelopeCommands.rcpt(alloc, r)));
      batch.add(SmtpRequests.data());
      connection.send(batch);
      SmtpResponse mailReply = connection.reply(timeouts.command());
      for (int i = 0; i < recipients.size(); i++) {
        rcptReplies.add(connection.reply(timeouts.command()));
      }
      return new EnvelopeReplies(mailReply, rcptReplies, connection.reply(timeouts.command()));
    }
    connection.send(List.of(EnvelopeCommands.mail(alloc, sender, mailParameters)));
    SmtpResponse mailReply = connection.reply(timeouts.command());
    if (mailReply.code() == 250) {
      for (String recipient : recipients) {
        connection.send(List.of(EnvelopeCommands.rcpt(alloc, recipient)));
        rcptReplies.add(connection.reply(timeouts.command()));
      }
    }
    return new EnvelopeReplies(mailReply, rcptReplies, null);
  }

  private Map<String, DeliveryResult> finish(
      DeliveryJob job,
      PreparedContent content,
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
      SmtpResponse end;
      try {
        end = accepted.isEmpty() ? sendNothing() : sendContent(job, content);
      } catch (DamagedContentException e) {
        // Found past the octets read before MAIL FROM; the connection was closed without the
        // final dot, so the server took nothing: the message bounces as if found before.
        LOG.error("message {}: {}", job.message().id(), e.getMessage());
        accepted.forEach(
            r -> results.put(r, new PermanentFailure(DeliveryReplies.contentDamaged(e))));
        return results;
      }
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

  private SmtpResponse sendContent(DeliveryJob job, PreparedContent content)
      throws DeliveryIoException, DamagedContentException, InterruptedException {
    DotStuffer stuffer = new DotStuffer();
    byte[] signature = content.signatureHeader();
    byte[] head = content.head();
    // Small pieces go into the pipeline unflushed; the first chunk's write flushes them with it.
    if (signature.length > 0) {
      connection.queue(new DefaultSmtpContent(stuffer.stuff(alloc, signature, signature.length)));
    }
    if (head.length > 0) {
      connection.queue(new DefaultSmtpContent(stuffer.stuff(alloc, head, head.length)));
    }
    try {
      InputStream in = content.rest();
      int n;
      while ((n = in.readNBytes(chunk, 0, CHUNK)) > 0) {
        // Ownership of each buffer passes to the pipeline, which releases it once written.
        connection.write(new DefaultSmtpContent(stuffer.stuff(alloc, chunk, n)), timeouts.data());
      }
    } catch (DamagedContentException e) {
      connection.close();
      throw e;
    } catch (IOException e) {
      // The peer has seen part of the content and no final dot: closing aborts the transaction.
      connection.close();
      throw new DeliveryIoException("cannot read message " + job.message().id(), e);
    }
    try {
      connection.write(new DefaultLastSmtpContent(stuffer.tail(alloc)), timeouts.data());
      return connection.reply(timeouts.data());
    } catch (DeliveryIoException e) {
      throw e.afterFinalDot();
    }
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
