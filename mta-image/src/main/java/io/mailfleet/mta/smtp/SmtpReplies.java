package io.mailfleet.mta.smtp;

/** The canned replies, each with its RFC 3463 enhanced status code. */
public final class SmtpReplies {

  public static final SmtpReply OK = SmtpReply.of(250, "2.0.0", "Ok");
  public static final SmtpReply SENDER_OK = SmtpReply.of(250, "2.1.0", "Sender ok");
  public static final SmtpReply RECIPIENT_OK = SmtpReply.of(250, "2.1.5", "Recipient ok");
  public static final SmtpReply START_MAIL_INPUT =
      new SmtpReply(354, null, java.util.List.of("End data with <CR><LF>.<CR><LF>"));
  public static final SmtpReply BYE = SmtpReply.of(221, "2.0.0", "Bye");
  public static final SmtpReply CANNOT_VRFY =
      SmtpReply.of(252, "2.5.0", "Cannot VRFY user, but will accept message and attempt delivery");
  public static final SmtpReply READY_FOR_TLS = SmtpReply.of(220, "2.0.0", "Ready to start TLS");
  public static final SmtpReply AUTH_OK = SmtpReply.of(235, "2.7.0", "Authentication successful");

  public static final SmtpReply UNKNOWN_COMMAND =
      SmtpReply.of(500, "5.5.1", "Command unrecognized");
  public static final SmtpReply LINE_TOO_LONG = SmtpReply.of(500, "5.5.2", "Line too long");
  public static final SmtpReply NOT_IMPLEMENTED =
      SmtpReply.of(502, "5.5.1", "Command not implemented");
  public static final SmtpReply HELO_FIRST = SmtpReply.of(503, "5.5.1", "Send HELO or EHLO first");
  public static final SmtpReply NESTED_MAIL =
      SmtpReply.of(503, "5.5.1", "Sender already given; send RSET to start over");
  public static final SmtpReply MAIL_FIRST = SmtpReply.of(503, "5.5.1", "Send MAIL FROM first");
  public static final SmtpReply RCPT_FIRST = SmtpReply.of(503, "5.5.1", "Send RCPT TO first");
  public static final SmtpReply NO_VALID_RECIPIENTS =
      SmtpReply.of(554, "5.5.1", "No valid recipients");
  public static final SmtpReply TLS_ALREADY_ACTIVE =
      SmtpReply.of(503, "5.5.1", "TLS already active");
  public static final SmtpReply ALREADY_AUTHENTICATED =
      SmtpReply.of(503, "5.5.1", "Already authenticated");
  public static final SmtpReply AUTH_IN_TRANSACTION =
      SmtpReply.of(503, "5.5.1", "AUTH not permitted during a mail transaction");
  public static final SmtpReply NO_ARGUMENTS =
      SmtpReply.of(501, "5.5.4", "Syntax error: no arguments allowed");
  public static final SmtpReply VRFY_SYNTAX = SmtpReply.of(501, "5.5.4", "Syntax: VRFY address");
  public static final SmtpReply HELO_SYNTAX = SmtpReply.of(501, "5.5.4", "Syntax: EHLO hostname");
  public static final SmtpReply MAIL_SYNTAX =
      SmtpReply.of(501, "5.5.4", "Syntax: MAIL FROM:<address> [parameters]");
  public static final SmtpReply RCPT_SYNTAX =
      SmtpReply.of(501, "5.5.4", "Syntax: RCPT TO:<address> [parameters]");
  public static final SmtpReply BAD_SENDER_SYNTAX =
      SmtpReply.of(501, "5.1.7", "Bad sender address syntax");
  public static final SmtpReply BAD_RECIPIENT_SYNTAX =
      SmtpReply.of(501, "5.1.3", "Bad recipient address syntax");
  public static final SmtpReply UNSUPPORTED_PARAMETER =
      SmtpReply.of(555, "5.5.4", "Unsupported or malformed parameter");
  public static final SmtpReply NON_ASCII_ADDRESS =
      SmtpReply.of(553, "5.6.7", "Non-ASCII address needs the SMTPUTF8 parameter");
  public static final SmtpReply MESSAGE_TOO_BIG =
      SmtpReply.of(552, "5.3.4", "Message size exceeds fixed maximum message size");
  public static final SmtpReply TOO_MANY_RECIPIENTS =
      SmtpReply.of(452, "4.5.3", "Too many recipients");
  public static final SmtpReply BARE_LINE_ENDING =
      SmtpReply.of(
          550, "5.6.0", "Message refused: bare CR or LF in message data; lines must end with CRLF");
  public static final SmtpReply TEXT_LINE_TOO_LONG =
      SmtpReply.of(550, "5.6.0", "Message refused: a line is longer than allowed");
  public static final SmtpReply SPOOL_FAILURE =
      SmtpReply.of(451, "4.3.0", "Could not store the message; try again later");
  public static final SmtpReply INSUFFICIENT_STORAGE =
      SmtpReply.of(452, "4.3.1", "Insufficient system storage; try again later");
  public static final SmtpReply UNKNOWN_MECHANISM =
      SmtpReply.of(504, "5.5.4", "Unrecognized authentication type");
  public static final SmtpReply AUTH_FAILED =
      SmtpReply.of(535, "5.7.8", "Authentication credentials invalid");

  /** RFC 4954 6: 454 4.7.0, a temporary failure; the address is locked out, not the password. */
  public static final SmtpReply AUTH_LOCKED_OUT =
      SmtpReply.of(
          454,
          "4.7.0",
          "Temporary authentication failure: too many failures from this address; try again later");

  public static final SmtpReply AUTH_CANCELLED =
      SmtpReply.of(501, "5.0.0", "Authentication cancelled");
  public static final SmtpReply AUTH_BAD_ENCODING =
      SmtpReply.of(501, "5.5.2", "Cannot decode the response");
  public static final SmtpReply ENCRYPTION_REQUIRED =
      SmtpReply.of(538, "5.7.11", "Encryption required for requested authentication mechanism");

  private SmtpReplies() {}
}
