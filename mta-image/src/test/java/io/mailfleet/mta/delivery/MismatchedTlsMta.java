package io.mailfleet.mta.delivery;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.mailfleet.mta.MtaMain;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The MTA in a child JVM whose TLS stack has every protocol our client speaks disabled: it offers
 * STARTTLS, but no handshake with it can succeed, like a server stuck on an obsolete TLS setup. It
 * relays what it receives (in clear text) to a sink, so its Received header shows how mail came.
 */
final class MismatchedTlsMta implements AutoCloseable {

  private final Process process;
  private final int port;

  private MismatchedTlsMta(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static MismatchedTlsMta start(Path dir, PeerCertificate certificate, int sinkPort)
      throws Exception {
    Files.createDirectories(dir);
    int port = SmtpSink.freePort();
    Path security = dir.resolve("java.security");
    Files.writeString(security, "jdk.tls.disabledAlgorithms=SSLv3, TLSv1.3, TLSv1.2\n");
    Path config = dir.resolve("mta.yaml");
    Files.writeString(
        config,
        """
        hostname: mx.oldtls.example
        smtp:
          listeners:
            - {name: mx, address: 127.0.0.1, port: %d, proxyProtocol: false}
          tls: {certificateFile: %s, privateKeyFile: %s}
        spool: {directory: %s, durability: FSYNC}
        admin: {address: 127.0.0.1, port: 0}
        inject: {address: 127.0.0.1, port: 0}
        delivery:
          timeouts: {connect: 5s, command: 10s, data: 10s}
          routes:
            example.test: "127.0.0.1:%d"
        """
            .formatted(
                port,
                certificate.certificateFile(),
                certificate.privateKeyFile(),
                dir.resolve("spool"),
                sinkPort));
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m",
                "-Djava.security.properties=" + security,
                "-cp",
                System.getProperty("java.class.path"),
                MtaMain.class.getName(),
                "--config",
                config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("mta.log").toFile())
            .start();
    MismatchedTlsMta mta = new MismatchedTlsMta(process, port);
    await("child MTA listening on port " + port)
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              if (!process.isAlive()) {
                fail("child MTA exited: %s", Files.readString(dir.resolve("mta.log")));
              }
              try (Socket probe = new Socket("127.0.0.1", port)) {
                return true;
              } catch (IOException e) {
                return false;
              }
            });
    return mta;
  }

  int port() {
    return port;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
