package io.mailfleet.mta.intake;

/** Why a message or connection was refused; a closed set so the metric label stays bounded. */
public enum RejectReason {
  /** A command or address that does not parse (500, 501, 555). */
  SYNTAX,
  /** A command out of order (503). */
  SEQUENCE,
  /** Declared or actual size above the limit (552 5.3.4). */
  MESSAGE_TOO_BIG,
  /** More recipients than allowed (452 4.5.3). */
  TOO_MANY_RECIPIENTS,
  /** Relay to this recipient is not allowed for this client (554/550 5.7.1). */
  RELAY_DENIED,
  /** The sender was refused by policy. */
  SENDER_REFUSED,
  /** The recipient was refused by policy. */
  RECIPIENT_REFUSED,
  /** A peer outside the listener's trusted proxies connected to a PROXY protocol listener. */
  UNTRUSTED_PROXY,
  /** Too many connections in total or from one address (421 4.7.0). */
  CONNECTION_LIMIT,
  /** The client was silent for longer than the command timeout. */
  TIMEOUT,
  /** The client made too many errors in one session. */
  TOO_MANY_ERRORS,
  /** Bare CR or bare LF in DATA (SMTP smuggling). */
  BARE_LINE_ENDING,
  /** Authentication failed or was required. */
  AUTH,
  /** TLS was required and not in use. */
  TLS_REQUIRED,
  /** The MTA is draining and takes no new mail. */
  DRAINING,
  /** The spool could not store the message (451 4.3.0). */
  SPOOL_FAILURE,
  /** The spool's free space is below its floor (452 4.3.1). */
  SPOOL_FULL,
  /** An injection request with bad JSON or a bad field (HTTP 4xx). */
  BAD_REQUEST
}
