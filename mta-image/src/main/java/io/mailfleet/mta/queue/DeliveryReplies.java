package io.mailfleet.mta.queue;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The replies this MTA writes itself into a {@link DeliveryResult} when no remote server gave one
 * (no route, no connection, a broken session, a shutdown): the outbound counterpart of {@code
 * smtp.SmtpReplies}, each with its RFC 3463 enhanced status code. The event log, the bounces and
 * the transfer state show these texts, so an exception becomes text here only: its own message on
 * one line, never a stack trace.
 */
public final class DeliveryReplies {

  /** Shutdown interrupted the attempt; the recipients are retried after the restart. */
  public static final String INTERRUPTED = "451 4.3.2 delivery interrupted (shutting down)";

  /** The route had next hops and none of them answered (a fallback when none said why). */
  public static final String NO_HOP_ANSWERED = "451 4.4.1 no next hop answered";

  /** The transport came back without a result for a recipient of the batch. */
  public static final String NO_OUTCOME = "451 4.3.0 no outcome reported";

  /** A recipient address without a domain: there is nowhere to route it. */
  public static final String NO_DOMAIN = "553 5.1.3 recipient address has no domain";

  /** An SMTPUTF8 envelope to a server that does not offer SMTPUTF8 (RFC 6531 3.4). */
  public static final String NEEDS_SMTPUTF8 =
      "553 5.6.7 the envelope has non-ASCII addresses and the server does not offer SMTPUTF8";

  /** Longest exception text kept in a reply; the log has the whole exception. */
  private static final int MAX_DETAIL = 200;

  private DeliveryReplies() {}

  /** The domain does not exist (NXDOMAIN). */
  public static String noSuchDomain(String domain) {
    return "550 5.1.2 domain " + domain + " does not exist";
  }

  /** The domain publishes a null MX (RFC 7505): it accepts no mail. */
  public static String nullMx(String domain) {
    return "556 5.1.10 domain " + domain + " accepts no mail (null MX)";
  }

  /** The MX lookup itself failed (timeout, SERVFAIL); worth another try. */
  public static String dnsFailed(String domain, Throwable failure) {
    return "451 4.4.3 DNS lookup for " + domain + " failed: " + detail(failure);
  }

  /** The mail exchangers have no address (yet). */
  public static String noExchangerAddress(String domain) {
    return "451 4.4.3 no address for the mail exchangers of " + domain;
  }

  /** Routing the domain failed or took too long. */
  public static String routingFailed(String domain, Throwable failure) {
    return "451 4.4.3 routing " + domain + " failed: " + detail(failure);
  }

  /** No connection to a next hop (refused, timed out, unreachable). */
  public static String unreachable(Throwable failure) {
    return "451 4.4.1 " + detail(failure);
  }

  /** The connection broke or timed out during the session. */
  public static String connectionLost(Throwable failure) {
    return "451 4.4.2 " + detail(failure);
  }

  /** The message is larger than the server's declared SIZE limit (RFC 1870). */
  public static String tooBig(long size, long limit) {
    return "552 5.3.4 message of "
        + size
        + " octets is larger than the server's SIZE limit of "
        + limit;
  }

  /** TLS is required and the next hop does not offer STARTTLS. */
  public static String startTlsNotOffered(String hop) {
    return "451 4.7.4 TLS is required, but " + hop + " does not offer STARTTLS";
  }

  /** TLS is required and the next hop answered STARTTLS with {@code reply}. */
  public static String startTlsRefused(String hop, String reply) {
    return "451 4.7.4 TLS is required, but " + hop + " refused STARTTLS: " + reply;
  }

  /** The TLS handshake failed (certificate not trusted, wrong name, no common protocol). */
  public static String tlsFailed(Throwable failure) {
    return "451 4.7.5 " + detail(failure);
  }

  /** A job reached the max age while its site could not take it. */
  public static String stillWaitingAtMaxAge(String site) {
    return "451 4.4.7 still waiting at its max age (site "
        + site
        + " suspended, rate-limited or its egress capped)";
  }

  /**
   * The message's content in the spool is damaged (a checksum mismatch, a lost chunk): it cannot be
   * sent now or later, so the recipients are bounced (RFC 3463 5.3.0, other mail system error).
   */
  public static String contentDamaged(Throwable failure) {
    return "554 5.3.0 message content damaged in this MTA's spool: " + detail(failure);
  }

  /** A failure of this MTA (a bug, a key that cannot sign): retried, logged in full elsewhere. */
  public static String localError(Throwable failure) {
    return "451 4.3.0 " + detail(failure);
  }

  /**
   * What a reply says about {@code failure}: its message (or its simple class name when it has
   * none), on one line and at most {@value #MAX_DETAIL} characters. Wrappers of asynchronous
   * results are looked through.
   */
  static String detail(Throwable failure) {
    Throwable e = failure;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    text = text.replaceAll("\\s+", " ").strip();
    return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL) + "...";
  }
}
