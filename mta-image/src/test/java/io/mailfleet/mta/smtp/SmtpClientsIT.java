package io.mailfleet.mta.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailfleet.mta.config.AuthConfig;
import io.mailfleet.mta.config.Durability;
import io.mailfleet.mta.config.TlsConfig;
import io.mailfleet.mta.spool.FileSpool;
import io.mailfleet.mta.spool.FileSpoolOptions;
import io.mailfleet.mta.spool.SpoolObserver;
import io.mailfleet.mta.spool.SpooledMessage;
import jakarta.mail.Message;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real SMTP clients (Angus Mail, swaks, Postfix's smtp-source) against the server over loopback,
 * storing into the real file spool.
 */
class SmtpClientsIT {

  @TempDir static Path dir;

  private static FileSpool spool;
  private static SmtpTestServer open;
  private static SmtpTestServer secure;

  @BeforeAll
  static void start() throws Exception {
    spool =
        FileSpool.open(
            FileSpoolOptions.of(dir.resolve("spool"), Durability.FSYNC), SpoolObserver.NONE);
    TlsConfig tls = TestCertificate.create(dir);
    Path users = dir.resolve("users");
    Files.writeString(users, "app:s3cret\n");
    open = SmtpTestServer.open(spool);
    secure = SmtpTestServer.secure(spool, tls, AuthConfig.withDefaults(users, true));
  }

  @AfterAll
  static void stop() {
    secure.close();
    open.close();
    spool.close();
  }

  private static String content(SpooledMessage message) throws Exception {
    try (InputStream in = spool.open(message.id())) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The one spooled message addressed to {@code recipient}. */
  private static SpooledMessage spooledFor(String recipient) {
    List<SpooledMessage> found =
        spool.recover().stream()
            .filter(m -> m.envelope().recipients().contains(recipient))
            .toList();
    assertThat(found).as("messages for %s", recipient).hasSize(1);
    return found.get(0);
  }

  private static Session angus(SmtpTestServer server, boolean startTls) {
    Properties props = new Properties();
    props.put("mail.smtp.host", "127.0.0.1");
    props.put("mail.smtp.port", Integer.toString(server.port()));
    props.put("mail.smtp.localhost", "angus.client.example");
    if (startTls) {
      props.put("mail.smtp.starttls.enable", "true");
      props.put("mail.smtp.starttls.required", "true");
      props.put("mail.smtp.ssl.trust", "localhost 127.0.0.1");
      props.put("mail.smtp.ssl.checkserveridentity", "false");
      props.put("mail.smtp.auth", "true");
    }
    return Session.getInstance(props);
  }

  private static MimeMessage message(Session session, String to, String subject) throws Exception {
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress("app@example.com"));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
    message.setSubject(subject);
    message.setText("Hello from Angus\n.leading dot\n");
    return message;
  }

  @Test
  void angusMailMessageIsSpooledWithTraceHeader() throws Exception {
    Session session = angus(open, false);
    Transport.send(message(session, "angus-plain@example.org", "plain"));

    SpooledMessage stored = spooledFor("angus-plain@example.org");
    assertThat(stored.envelope().sender()).isEqualTo("app@example.com");
    assertThat(content(stored))
        .startsWith("Received: from angus.client.example ([127.0.0.1])")
        .contains("Subject: plain\r\n")
        .contains("\r\n.leading dot\r\n");
  }

  @Test
  void angusMailSendsOverStartTlsWithAuth() throws Exception {
    Session session = angus(secure, true);
    Transport.send(message(session, "angus-tls@example.org", "secret"), "app", "s3cret");

    assertThat(content(spooledFor("angus-tls@example.org"))).contains("with ESMTPSA;");
  }

  @Test
  void angusMailWithWrongPasswordIsRefused() {
    Session session = angus(secure, true);

    assertThatThrownBy(
            () -> Transport.send(message(session, "angus-bad@example.org", "x"), "app", "wrong"))
        .hasMessageContaining("535");
  }

  @Test
  void unauthenticatedClientCannotRelayThroughTheSecureServer() {
    Session session = angus(secure, false);

    assertThatThrownBy(() -> Transport.send(message(session, "angus-relay@example.org", "x")))
        .isInstanceOf(SendFailedException.class)
        .hasStackTraceContaining("554 5.7.1 Relay access denied");
  }

  @Test
  void swaksDeliversWithPipelining() throws Exception {
    ExternalTool.Run run =
        ExternalTool.swaks()
            .run(
                "--server",
                open.hostAndPort(),
                "--from",
                "swaks@example.com",
                "--to",
                "swaks-pipe@example.org",
                "--pipeline",
                "--helo",
                "swaks.example");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output()).contains("250 2.0.0 Ok: queued as");
    assertThat(content(spooledFor("swaks-pipe@example.org")))
        .startsWith("Received: from swaks.example");
  }

  @Test
  void swaksAuthenticatesWithPlainAndLoginOverStartTls() throws Exception {
    for (String mechanism : List.of("PLAIN", "LOGIN")) {
      String to = "swaks-" + mechanism.toLowerCase() + "@example.org";
      ExternalTool.Run run =
          ExternalTool.swaks()
              .run(
                  "--server",
                  secure.hostAndPort(),
                  "--from",
                  "swaks@example.com",
                  "--to",
                  to,
                  "--tls",
                  "--auth",
                  mechanism,
                  "--auth-user",
                  "app",
                  "--auth-password",
                  "s3cret");

      assertThat(run.exitCode()).as(run.output()).isZero();
      assertThat(run.output()).contains("235 2.7.0 Authentication successful");
      assertThat(content(spooledFor(to))).contains("with ESMTPSA;");
    }
  }

  @Test
  void swaksWithoutTlsIsNotOfferedAuth() throws Exception {
    ExternalTool.Run run =
        ExternalTool.swaks()
            .run(
                "--server", secure.hostAndPort(),
                "--from", "swaks@example.com",
                "--to", "swaks-cleartext@example.org",
                "--auth", "PLAIN",
                "--auth-user", "app",
                "--auth-password", "s3cret");

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.output()).doesNotContain("235 ");
    assertThat(spool.recover())
        .noneMatch(m -> m.envelope().recipients().contains("swaks-cleartext@example.org"));
  }

  @Test
  void postfixSmtpSourceMessagesAreAllSpooled() throws Exception {
    ExternalTool.Run run =
        ExternalTool.smtpSource()
            .run(
                "-s",
                "10",
                "-m",
                "200",
                "-l",
                "2048",
                "-f",
                "source@example.com",
                "-t",
                "smtp-source@example.org",
                open.hostAndPort());

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(spool.recover())
        .filteredOn(m -> m.envelope().recipients().contains("smtp-source@example.org"))
        .hasSize(200)
        .allSatisfy(m -> assertThat(m.size()).isGreaterThan(2048));
  }

  @Test
  void clientThatStallsInDataGets421AndNothingIsStored() throws Exception {
    try (SmtpTestServer impatient =
            SmtpTestServer.withCommandTimeout(spool, Duration.ofMillis(500));
        Socket socket = new Socket("127.0.0.1", impatient.port())) {
      socket.setSoTimeout(10_000);
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      socket
          .getOutputStream()
          .write(
              ("HELO c\r\nMAIL FROM:<a@example.com>\r\nRCPT TO:<stalled@example.org>\r\n"
                      + "DATA\r\nSubject: half\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String line;
      do {
        line = in.readLine();
      } while (line != null && !line.startsWith("421"));

      assertThat(line).startsWith("421 4.4.2 mx.it.example Timeout");
      assertThat(spool.recover())
          .noneMatch(m -> m.envelope().recipients().contains("stalled@example.org"));
    }
  }

  @Test
  void silentClientGets421AfterTheCommandTimeout() throws Exception {
    try (SmtpTestServer impatient =
            SmtpTestServer.withCommandTimeout(spool, Duration.ofMillis(500));
        Socket socket = new Socket("127.0.0.1", impatient.port())) {
      socket.setSoTimeout(10_000);
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      assertThat(in.readLine()).startsWith("220 ");

      assertThat(in.readLine()).startsWith("421 4.4.2 mx.it.example Timeout");
      assertThat(in.readLine()).as("connection closed").isNull();
    }
  }
}
