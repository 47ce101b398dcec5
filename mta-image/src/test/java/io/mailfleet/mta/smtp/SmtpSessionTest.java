package io.mailfleet.mta.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.mta.config.SmtpConfig;
import io.mailfleet.mta.config.SmtpLimits;
import io.mailfleet.mta.intake.AcceptGate;
import io.mailfleet.mta.intake.RejectReason;
import io.mailfleet.mta.spool.SpoolCondition;
import io.mailfleet.mta.spool.SpooledMessage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole SMTP session against the production pipeline on an EmbeddedChannel. */
class SmtpSessionTest {

  private static final String TRUSTED = "127.0.0.1";
  private static final String STRANGER = "203.0.113.7";
  private static final String MESSAGE =
      "From: a@example.com\r\nTo: b@example.org\r\nSubject: hi\r\n\r\nHello\r\n";

  private final InMemorySpool spool = new InMemorySpool();
  private SmtpChannel smtp;

  @AfterEach
  void close() {
    if (smtp != null) {
      smtp.close();
    }
  }

  private SmtpChannel connect(SmtpConfig config, String ip) {
    smtp = SmtpChannel.open(SmtpChannel.context(config, spool), ip);
    return smtp;
  }

  private SmtpChannel connect() {
    return connect(SmtpChannel.config(), TRUSTED);
  }

  @Test
  void greetsAndAdvertisesExtensionsOnEhlo() {
    connect();
    assertThat(smtp.replyLines()).containsExactly("220 mx.test.example ESMTP mailfleet");

    smtp.send("EHLO client.example\r\n");

    assertThat(smtp.replyLines())
        .containsExactly(
            "250-mx.test.example greets client.example",
            "250-PIPELINING",
            "250-SIZE 10000",
            "250-8BITMIME",
            "250-SMTPUTF8",
            "250 ENHANCEDSTATUSCODES");
  }

  @Test
  void repeatedRecipientIsAcknowledgedButRecordedOnceWithTheDomainCaseIgnored() {
    connect().replies();

    smtp.send(
        "EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\n"
            + "RCPT TO:<b@EXAMPLE.org>\r\nRCPT TO:<B@example.org>\r\nDATA\r\n"
            + MESSAGE
            + ".\r\n");

    assertThat(smtp.replyLines())
        .containsSubsequence(
            "250 2.1.5 Recipient ok",
            "250 2.1.5 Recipient ok",
            "250 2.1.5 Recipient ok",
            "250 2.0.0 Ok: queued as m1");
    assertThat(spool.messages().get(0).envelope().recipients())
        .as("the local part is case-sensitive (RFC 5321 2.4), the domain is not")
        .containsExactly("b@example.org", "B@example.org");
  }

  @Test
  void messageIsAcknowledgedWithItsSpoolIdOnlyOnceTheCommitCompletes() {
    connect().replies();
    spool.holdCommits();
    smtp.send("EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n");
    assertThat(smtp.replyLines())
        .endsWith(
            "250 2.1.0 Sender ok", "250 2.1.5 Recipient ok", "354 End data with <CR><LF>.<CR><LF>");

    smtp.send(MESSAGE + ".\r\nQUIT\r\n");
    assertThat(smtp.replies()).isEmpty();

    spool.releaseCommits();
    smtp.runPendingTasks();

    assertThat(smtp.replyLines()).containsExactly("250 2.0.0 Ok: queued as m1", "221 2.0.0 Bye");
    assertThat(smtp.isOpen()).isFalse();
    SpooledMessage stored = spool.messages().get(0);
    assertThat(stored.envelope().sender()).isEqualTo("a@example.com");
    assertThat(stored.envelope().recipients()).containsExactly("b@example.org");
    assertThat(stored.envelope().clientAddress()).isEqualTo("127.0.0.1");
    assertThat(stored.envelope().authenticatedUser()).as("not authenticated").isEmpty();
  }

  @Test
  void pipelinedBatchGetsOneReplyPerCommandInOrder() {
    connect().send("EHLO c\r\n").replies();

    smtp.send(
        "MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\nRCPT TO:<bad>\r\n"
            + "RCPT TO:<c@example.org>\r\nDATA\r\n");

    assertThat(smtp.replyLines())
        .containsExactly(
            "250 2.1.0 Sender ok",
            "250 2.1.5 Recipient ok",
            "501 5.1.3 Bad recipient address syntax",
            "250 2.1.5 Recipient ok",
            "354 End data with <CR><LF>.<CR><LF>");
  }

  @Test
  void inputSplitAtEveryByteGivesTheSameRepliesAndContent() {
    String transcript =
        "EHLO c\r\nMAIL FROM:<a@example.com> SIZE=100\r\nRCPT TO:<b@example.org>\r\nDATA\r\n"
            + "Subject: dots\r\n\r\n..leading dot\r\n..\r\n\r\nlast\r\n.\r\nNOOP\r\nQUIT\r\n";
    connect().send(transcript);
    String whole = smtp.replies();
    String wholeContent = withoutMessageId(spool.onlyContent());
    smtp.close();

    InMemorySpool bytewiseSpool = new InMemorySpool();
    smtp = SmtpChannel.open(SmtpChannel.context(SmtpChannel.config(), bytewiseSpool), TRUSTED);
    smtp.sendBytewise(transcript);

    assertThat(smtp.replies()).isEqualTo(whole);
    assertThat(withoutMessageId(bytewiseSpool.onlyContent())).isEqualTo(wholeContent);
    assertThat(whole).endsWith("250 2.0.0 Ok: queued as m1\r\n250 2.0.0 Ok\r\n221 2.0.0 Bye\r\n");
    assertThat(wholeContent).endsWith("\r\n\r\n.leading dot\r\n.\r\n\r\nlast\r\n");
  }

  @Test
  void contentIsDotUnstuffedAndGetsReceivedMessageIdAndDate() {
    connect().send("EHLO client.example\r\n").replies();
    smtp.send(
        "MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n"
            + "Subject: x\r\n\r\n..one\r\n...two\r\n.\r\n");

    assertThat(smtp.replyLines()).last().isEqualTo("250 2.0.0 Ok: queued as m1");
    assertThat(spool.onlyContent())
        .matches(
            "Received: from client\\.example \\(\\[127\\.0\\.0\\.1\\]\\)\r\n"
                + "\tby mx\\.test\\.example \\(mailfleet\\) with ESMTP;\r\n"
                + "\tSat, 28 Nov 2026 12:00:00 \\+0000\r\n"
                + "Subject: x\r\n"
                + "Message-ID: <[0-9a-z]+\\.[0-9a-z]+@mx\\.test\\.example>\r\n"
                + "Date: Sat, 28 Nov 2026 12:00:00 \\+0000\r\n"
                + "\r\n.one\r\n..two\r\n");
  }

  @Test
  void messageIdAndDateTheClientGaveAreKept() {
    connect().send("EHLO c\r\nMAIL FROM:<>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n");
    smtp.send("message-id: <x@y>\r\nDATE: Fri, 27 Nov 2026 10:00:00 +0000\r\n\r\nbody\r\n.\r\n");

    assertThat(spool.onlyContent())
        .endsWith("message-id: <x@y>\r\nDATE: Fri, 27 Nov 2026 10:00:00 +0000\r\n\r\nbody\r\n")
        .doesNotContain("Message-ID:")
        .doesNotContain("Date:");
  }

  @Test
  void sessionStopsReadingWhileTheSpoolIsFull() {
    connect().send("EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n");
    smtp.replies();
    java.util.concurrent.CompletableFuture<Void> full = spool.fill();

    smtp.send("Subject: big\r\n\r\npart one\r\n");
    assertThat(smtp.isReading()).isFalse();

    full.complete(null);
    smtp.runPendingTasks();
    assertThat(smtp.isReading()).isTrue();
    smtp.send("part two\r\n.\r\n");
    assertThat(smtp.replyLines()).containsExactly("250 2.0.0 Ok: queued as m1");
  }

  @Test
  void declaredSizeAboveTheLimitIsRefusedAtMailFrom() {
    connect().send("EHLO c\r\n").replies();

    smtp.send("MAIL FROM:<a@example.com> SIZE=10001\r\n");

    assertThat(smtp.replyLines())
        .containsExactly("552 5.3.4 Message size exceeds fixed maximum message size");
  }

  @Test
  void contentOverTheLimitIsRefusedAfterTheDataAndNotStored() {
    connect().send("EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n");
    smtp.replies();
    String line = "x".repeat(998) + "\r\n";

    smtp.send(line.repeat(11) + ".\r\nNOOP\r\n");

    assertThat(smtp.replyLines())
        .containsExactly(
            "552 5.3.4 Message size exceeds fixed maximum message size", "250 2.0.0 Ok");
    assertThat(spool.messages()).isEmpty();
    assertThat(spool.abortedCount()).isEqualTo(1);
  }

  @Test
  void recipientsBeyondTheLimitGet452() {
    connect().send("EHLO c\r\nMAIL FROM:<a@example.com>\r\n").replies();

    smtp.send(
        "RCPT TO:<r1@example.org>\r\nRCPT TO:<r2@example.org>\r\nRCPT TO:<r3@example.org>\r\n"
            + "RCPT TO:<r4@example.org>\r\n");

    assertThat(smtp.replyLines()).last().isEqualTo("452 4.5.3 Too many recipients");
  }

  @Test
  void commandLineOverTheLimitGets500AndTheSessionGoesOn() {
    connect().replies();

    smtp.send("NOOP " + "x".repeat(600) + "\r\nNOOP\r\n");

    assertThat(smtp.replyLines()).containsExactly("500 5.5.2 Line too long", "250 2.0.0 Ok");
  }

  @Test
  void textLineOverTheLimitRefusesTheMessage() {
    connect().send("EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n");
    smtp.replies();

    smtp.send("x".repeat(999) + "\r\n.\r\n");

    assertThat(smtp.replyLines())
        .containsExactly("550 5.6.0 Message refused: a line is longer than allowed");
    assertThat(spool.messages()).isEmpty();
  }

  @Test
  void commandsOutOfSequenceGet503() {
    connect().replies();

    smtp.send("MAIL FROM:<a@example.com>\r\nEHLO c\r\nRCPT TO:<b@example.org>\r\nDATA\r\n");
    smtp.send("MAIL FROM:<a@example.com>\r\nDATA\r\nMAIL FROM:<a@example.com>\r\n");

    assertThat(smtp.replyLines())
        .filteredOn(l -> !l.startsWith("250"))
        .containsExactly(
            "503 5.5.1 Send HELO or EHLO first",
            "503 5.5.1 Send MAIL FROM first",
            "503 5.5.1 Send MAIL FROM first",
            "554 5.5.1 No valid recipients",
            "503 5.5.1 Sender already given; send RSET to start over");
  }

  @Test
  void malformedArgumentsGet501Or555() {
    connect().send("EHLO c\r\n").replies();

    smtp.send(
        "EHLO\r\nEHLO c\r\nMAIL FROM:a@example.com\r\nMAIL FROM:<a@@example.com>\r\n"
            + "MAIL FROM:<a@example.com> FOO=1\r\nMAIL FROM:<a@example.com> SIZE=big\r\n");

    assertThat(smtp.replyLines())
        .filteredOn(l -> !l.startsWith("250"))
        .containsExactly(
            "501 5.5.4 Syntax: EHLO hostname",
            "501 5.5.4 Syntax: MAIL FROM:<address> [parameters]",
            "501 5.1.7 Bad sender address syntax",
            "555 5.5.4 Unsupported or malformed parameter",
            "555 5.5.4 Unsupported or malformed parameter");
  }

  @Test
  void unknownCommandGets500() {
    connect().replies();

    smtp.send("XYZZY now\r\n");

    assertThat(smtp.replyLines()).containsExactly("500 5.5.1 Command unrecognized");
  }

  @Test
  void tooManyErrorsEndTheSessionWith421() {
    connect().replies();

    smtp.send("BAD\r\n".repeat(10) + "NOOP\r\n");

    List<String> lines = smtp.replyLines();
    assertThat(lines).hasSize(11);
    assertThat(lines)
        .last()
        .isEqualTo("421 4.7.0 mx.test.example Too many errors; closing connection");
    assertThat(smtp.isOpen()).isFalse();
  }

  @Test
  void smuggledCommandsBehindBareLfDotBareLfAreNeverExecuted() {
    connect().send("EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n");
    smtp.replies();

    smtp.send(
        "Subject: one\r\n\r\nbody\n.\nMAIL FROM:<admin@victim.example>\r\n"
            + "RCPT TO:<x@example.org>\r\nDATA\r\nSubject: forged\r\n\r\nforged\r\n");
    assertThat(smtp.replies()).as("still reading message data").isEmpty();

    smtp.send(".\r\nNOOP\r\n");

    assertThat(smtp.replyLines())
        .containsExactly(
            "550 5.6.0 Message refused: bare CR or LF in message data; lines must end with CRLF",
            "250 2.0.0 Ok");
    assertThat(spool.messages()).isEmpty();
  }

  @Test
  void refusalsAreReportedToMetricsByReason() {
    List<RejectReason> reasons = new java.util.ArrayList<>();
    SmtpMetrics recording = SmtpChannel.refusalsInto(reasons);
    smtp =
        SmtpChannel.open(
            SmtpChannel.context(SmtpChannel.config(), spool, null, recording, new AcceptGate()),
            STRANGER);

    smtp.send("EHLO c\r\nRCPT TO:<b@example.org>\r\nMAIL FROM:<a@example.com> SIZE=99999\r\n");
    smtp.send("MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\nHUH\r\n");

    assertThat(reasons)
        .containsExactly(
            RejectReason.SEQUENCE,
            RejectReason.MESSAGE_TOO_BIG,
            RejectReason.RELAY_DENIED,
            RejectReason.SYNTAX);
  }

  @Test
  void plaintextPipelinedAfterStartTlsIsDiscarded(@TempDir Path dir) throws Exception {
    smtp =
        SmtpChannel.open(
            SmtpChannel.context(
                SmtpChannel.config(),
                spool,
                null,
                SmtpMetrics.NONE,
                new AcceptGate(),
                StartTlsContext.load(TestCertificate.create(dir))),
            STRANGER);
    smtp.send("EHLO c\r\n");
    assertThat(smtp.replyLines()).contains("250 STARTTLS");

    smtp.send("STARTTLS\r\nMAIL FROM:<injected@example.com>\r\n");

    assertThat(smtp.replyLines()).containsExactly("220 2.0.0 Ready to start TLS");
    assertThat(smtp.hasTlsHandler()).isTrue();
    assertThat(smtp.isOpen()).isTrue();
  }

  @Test
  void vrfyNoopRsetAndQuitAnswerAsRfc5321Says() {
    connect().send("EHLO c\r\nMAIL FROM:<a@example.com>\r\n").replies();

    smtp.send("VRFY bob\r\nNOOP\r\nRSET\r\nRCPT TO:<b@example.org>\r\nQUIT\r\n");

    assertThat(smtp.replyLines())
        .containsExactly(
            "252 2.5.0 Cannot VRFY user, but will accept message and attempt delivery",
            "250 2.0.0 Ok",
            "250 2.0.0 Ok",
            "503 5.5.1 Send MAIL FROM first",
            "221 2.0.0 Bye");
    assertThat(smtp.isOpen()).isFalse();
  }

  @Test
  void clientOutsideTheRelayNetworksCannotRelay() {
    connect(SmtpChannel.config(), STRANGER).send("EHLO c\r\nMAIL FROM:<a@example.com>\r\n");
    smtp.replies();

    smtp.send("RCPT TO:<b@example.org>\r\n");

    assertThat(smtp.replyLines()).containsExactly("554 5.7.1 Relay access denied");
  }

  @Test
  void nonAsciiAddressNeedsSmtpUtf8() {
    connect().send("EHLO c\r\n").replies();

    smtp.send("MAIL FROM:<jörg@example.com>\r\nMAIL FROM:<jörg@example.com> SMTPUTF8\r\n");
    smtp.send("RCPT TO:<müller@exämple.org>\r\nDATA\r\nhi\r\n.\r\n");

    assertThat(smtp.replyLines())
        .startsWith(
            "553 5.6.7 Non-ASCII address needs the SMTPUTF8 parameter",
            "250 2.1.0 Sender ok",
            "250 2.1.5 Recipient ok");
    assertThat(spool.messages().get(0).envelope().recipients())
        .containsExactly("müller@exämple.org");
    assertThat(spool.onlyContent()).contains("with UTF8SMTP;");
  }

  @Test
  void spoolFailureGets451AndTheSessionGoesOn() {
    spool.failCommits();
    connect().send("EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n");
    smtp.replies();

    smtp.send("x\r\n.\r\nNOOP\r\n");

    assertThat(smtp.replyLines())
        .containsExactly("451 4.3.0 Could not store the message; try again later", "250 2.0.0 Ok");
  }

  @Test
  void connectionsFromOneClientBeyondTheLimitGet421() {
    SmtpServerContext context = SmtpChannel.context(SmtpChannel.config(), spool);
    ConnectionLimiter limiter = new ConnectionLimiter(100, 2);
    SmtpChannel first = SmtpChannel.open(context, limiter, TRUSTED, false);
    SmtpChannel second = SmtpChannel.open(context, limiter, TRUSTED, false);
    smtp = SmtpChannel.open(context, limiter, TRUSTED, false);

    assertThat(smtp.replyLines())
        .containsExactly("421 4.7.0 mx.test.example Too many connections; try again later");
    assertThat(smtp.isOpen()).isFalse();

    first.close();
    SmtpChannel fourth = SmtpChannel.open(context, limiter, TRUSTED, false);
    assertThat(fourth.replyLines()).containsExactly("220 mx.test.example ESMTP mailfleet");
    second.close();
    fourth.close();
  }

  @Test
  void drainingLetsTheTransactionFinishThenSays421() {
    spool.holdCommits();
    connect().send("EHLO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n");
    smtp.send("x\r\n.\r\n").replies();

    smtp.fireEvent(new SessionEvent.DrainRequested());
    assertThat(smtp.isOpen()).isTrue();
    spool.releaseCommits();
    smtp.runPendingTasks();

    assertThat(smtp.replyLines())
        .containsExactly(
            "250 2.0.0 Ok: queued as m1",
            "421 4.3.2 mx.test.example Service shutting down; try another server");
    assertThat(smtp.isOpen()).isFalse();
  }

  @Test
  void spoolLowOnSpaceAnswersMail452AndTakesMailAgainOnceSpaceReturns() {
    spool.condition(SpoolCondition.LOW_ON_SPACE);
    connect().send("EHLO c\r\n").replies();

    assertThat(smtp.send("MAIL FROM:<a@example.com>\r\n").replyLines())
        .containsExactly("452 4.3.1 Insufficient system storage; try again later");
    assertThat(smtp.isOpen()).isTrue();

    spool.condition(SpoolCondition.WRITABLE);
    assertThat(smtp.send("MAIL FROM:<a@example.com>\r\n").replyLines())
        .containsExactly("250 2.1.0 Sender ok");
  }

  @Test
  void idleSessionIsClosedWith421WhenDraining() {
    connect().send("EHLO c\r\n").replies();

    smtp.fireEvent(new SessionEvent.DrainRequested());

    assertThat(smtp.replyLines())
        .containsExactly("421 4.3.2 mx.test.example Service shutting down; try another server");
    assertThat(smtp.isOpen()).isFalse();
  }

  @Test
  void closedGateRefusesNewTransactions() {
    AcceptGate gate = new AcceptGate();
    smtp =
        SmtpChannel.open(
            SmtpChannel.context(SmtpChannel.config(), spool, null, SmtpMetrics.NONE, gate),
            TRUSTED);
    smtp.send("EHLO c\r\n").replies();
    gate.drain();

    smtp.send("MAIL FROM:<a@example.com>\r\n");

    assertThat(smtp.replyLines())
        .containsExactly("421 4.3.2 mx.test.example Service shutting down; try another server");
  }

  @Test
  void authenticatedUserMayRelayFromAnywhere() {
    smtp = strangerWithPlaintextAuth();
    smtp.send("EHLO c\r\n");
    assertThat(smtp.replyLines()).contains("250 AUTH PLAIN LOGIN");

    smtp.send("AUTH PLAIN " + base64("\0app\0wrong") + "\r\n");
    smtp.advanceTimeBy(java.time.Duration.ofSeconds(1));
    smtp.send("AUTH PLAIN " + base64("\0app\0s3cret") + "\r\n");
    smtp.send("MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\n");

    assertThat(smtp.replyLines())
        .containsExactly(
            "535 5.7.8 Authentication credentials invalid",
            "235 2.7.0 Authentication successful",
            "250 2.1.0 Sender ok",
            "250 2.1.5 Recipient ok");
  }

  /** A session from {@code STRANGER} that may AUTH as {@code app} / {@code s3cret} without TLS. */
  private SmtpChannel strangerWithPlaintextAuth() {
    return SmtpChannel.open(
        SmtpChannel.context(
            plaintextAuth(SmtpChannel.config()),
            spool,
            SmtpUsers.of(Map.of("app", "s3cret")),
            SmtpMetrics.NONE,
            new AcceptGate()),
        STRANGER);
  }

  @Test
  void authenticatedUserIsStoredWithTheMessageForDkimSigningAuthority() {
    smtp = strangerWithPlaintextAuth();

    smtp.send("EHLO c\r\nAUTH PLAIN " + base64("\0app\0s3cret") + "\r\n");
    smtp.send("MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n");
    smtp.send(MESSAGE + ".\r\n");
    spool.releaseCommits();
    smtp.runPendingTasks();

    assertThat(smtp.replyLines()).contains("250 2.0.0 Ok: queued as m1");
    assertThat(spool.messages().get(0).envelope().authenticatedUser()).isEqualTo("app");
  }

  @Test
  void authLoginAsksForUsernameThenPassword() {
    smtp = strangerWithPlaintextAuth();
    smtp.send("EHLO c\r\n").replies();

    smtp.sendBytewise("AUTH LOGIN\r\n" + base64("app") + "\r\n" + base64("s3cret") + "\r\n");

    assertThat(smtp.replyLines())
        .containsExactly(
            "334 VXNlcm5hbWU6", "334 UGFzc3dvcmQ6", "235 2.7.0 Authentication successful");
  }

  @Test
  void authIsRefusedWithoutTlsWhenTlsIsRequired() {
    SmtpConfig config = SmtpChannel.config();
    SmtpConfig requireTls =
        new SmtpConfig(
            config.listeners(),
            config.limits(),
            config.timeouts(),
            null,
            io.mailfleet.mta.config.AuthConfig.withDefaults(TestFiles.usersFile(), true),
            config.relay(),
            true);
    smtp =
        SmtpChannel.open(
            SmtpChannel.context(
                requireTls,
                spool,
                SmtpUsers.of(Map.of("app", "s3cret")),
                SmtpMetrics.NONE,
                new AcceptGate()),
            STRANGER);
    smtp.send("EHLO c\r\n");
    assertThat(smtp.replyLines()).noneMatch(l -> l.contains("AUTH"));

    smtp.send("AUTH PLAIN " + base64("\0app\0s3cret") + "\r\n");

    assertThat(smtp.replyLines())
        .containsExactly("538 5.7.11 Encryption required for requested authentication mechanism");
  }

  private static SmtpConfig plaintextAuth(SmtpConfig config) {
    return new SmtpConfig(
        config.listeners(),
        new SmtpLimits(512, 1000, 10_000, 3, 100, 2, 10),
        config.timeouts(),
        null,
        io.mailfleet.mta.config.AuthConfig.withDefaults(TestFiles.usersFile(), false),
        config.relay(),
        true);
  }

  private static String withoutMessageId(String content) {
    return content.replaceFirst("Message-ID: <[^>]+>", "Message-ID: <random>");
  }

  private static String base64(String text) {
    return java.util.Base64.getEncoder()
        .encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
