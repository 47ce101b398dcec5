package io.mailfleet.mta.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailfleet.mta.MtaMain;
import io.mailfleet.mta.spool.ChildJvm;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real MTA process relays a run of messages over one reused connection to Postfix's smtp-sink,
 * is killed with SIGKILL halfway through the connection, and restarts on its spool: every message
 * arrives, and the only one that may arrive twice is the one whose final reply was in flight at the
 * kill. The messages already answered 250 were settled at once, not when the connection ended.
 */
class DeliveryCrashIT {

  private static final int MESSAGES = 12;
  private static final int RECEIVED_BEFORE_KILL = 6;
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final Pattern SUBJECT = Pattern.compile("\nSubject: relayed (\\d+)\r?\n");

  @TempDir Path work;

  @Test
  void messageTheSinkAcceptedBeforeTheKillIsNotDeliveredAgainAfterRestart() throws Exception {
    int sinkPort = SmtpSink.freePort();
    int smtpPort = SmtpSink.freePort();
    int adminPort = SmtpSink.freePort();
    Path config = writeConfig(sinkPort, smtpPort, adminPort, SmtpSink.freePort());
    // One second before each 354: a connection of many messages lasts long enough to kill it
    // halfway, and each 250 is long settled before the next message's final dot.
    try (SmtpSink sink = SmtpSink.start(sinkPort, work.resolve("dumps"), "-w", "1")) {
      try (ChildJvm mta = startMta(config, adminPort)) {
        for (int i = 0; i < MESSAGES; i++) {
          SmtpSubmitter.submit(
              new InetSocketAddress("127.0.0.1", smtpPort),
              "sender@main.example",
              List.of("user" + i + "@example.test"),
              "From: sender@main.example\r\nSubject: relayed " + i + "\r\n\r\nbody " + i + "\r\n");
        }
        await("the sink to receive " + RECEIVED_BEFORE_KILL + " messages")
            .atMost(PATIENCE)
            .failFast("MTA exited", () -> !mta.isAlive())
            .until(() -> sink.received().size() >= RECEIVED_BEFORE_KILL);
        mta.kill();
      }
      int beforeKill = sink.received().size();
      assertThat(beforeKill).as("the kill came before the last message").isLessThan(MESSAGES);

      try (ChildJvm restarted = startMta(config, adminPort)) {
        MetricsProbe metrics = new MetricsProbe(adminPort);
        await("the restarted MTA to deliver the rest")
            .atMost(PATIENCE)
            .failFast("MTA exited", () -> !restarted.isAlive())
            .until(() -> metrics.spooled() == 0);
        restarted.terminate();
      }

      Map<Integer, Long> copies =
          sink.received().stream()
              .map(SUBJECT::matcher)
              .filter(Matcher::find)
              .map(m -> Integer.parseInt(m.group(1)))
              .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
      long duplicates = copies.values().stream().mapToLong(n -> n - 1).sum();
      System.out.printf(
          "DeliveryCrashIT: %d messages, %d received before the kill, %d delivered twice%n",
          MESSAGES, beforeKill, duplicates);
      assertThat(copies.keySet()).as("messages received").hasSize(MESSAGES);
      assertThat(duplicates)
          .as("messages delivered again after the restart (copies per message: %s)", copies)
          .isLessThanOrEqualTo(1);
    }
  }

  private ChildJvm startMta(Path config, int adminPort) throws IOException {
    ChildJvm mta = ChildJvm.start(work, MtaMain.class.getName(), "--config", config.toString());
    MetricsProbe metrics = new MetricsProbe(adminPort);
    await("MTA admin port to answer")
        .atMost(PATIENCE)
        .failFast("MTA exited: " + mta.stderr(), () -> !mta.isAlive())
        .ignoreExceptions()
        .until(() -> metrics.spooled() >= 0);
    return mta;
  }

  private Path writeConfig(int sinkPort, int smtpPort, int adminPort, int injectPort)
      throws IOException {
    Path file = work.resolve("mta.yaml");
    Files.writeString(
        file,
        SenderConfig.onPorts(work.resolve("spool"), smtpPort, adminPort, injectPort)
            + """
        delivery:
          egress:
            pools:
              - name: default
                sources: [{name: out1, bindAddress: 127.0.0.1, ehloName: out1.main.example}]
          shaping: {defaults: {maxConnections: 1, deliveriesPerConnection: 50}}
          timeouts: {connect: 5s, command: 10s, data: 10s}
          retry: {schedule: [200ms, 400ms, 500ms], jitter: 0.2, maxAge: 72h}
          routes:
            example.test: "127.0.0.1:%d"
        """
                .formatted(sinkPort));
    return file;
  }
}
