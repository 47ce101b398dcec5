package io.mailfleet.mta.inject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailfleet.mta.Mta;
import io.mailfleet.mta.MtaMain;
import io.mailfleet.mta.config.ConfigLoader;
import io.mailfleet.mta.delivery.SmtpSink;
import io.mailfleet.mta.spool.ChildJvm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An MTA reading a queue of the AWS emulator's real SQS API, delivering to Postfix's smtp-sink:
 * every queued message arrives, the queue ends empty, a malformed body is not retried, and a
 * SIGKILL between commit and delete costs at most a duplicate of what was in hand.
 */
class SqsSourceIT {

  private static final Pattern MESSAGE_ID = Pattern.compile("(?mi)^Message-ID: <([^>]+)>");

  @TempDir Path work;

  private final HttpClient http = HttpClient.newHttpClient();
  private EmulatedSqsQueue queue;
  private SmtpSink sink;
  private Mta mta;

  @AfterEach
  void stop() throws InterruptedException {
    if (mta != null) {
      mta.close();
    }
    if (sink != null) {
      sink.close();
    }
    if (queue != null) {
      queue.close();
    }
  }

  @Test
  void fiveHundredQueuedMessagesAreDeliveredToTheSinkAndLeaveTheQueueEmpty() throws Exception {
    queue = EmulatedSqsQueue.create(Duration.ofSeconds(30));
    queue.send(requests(0, 500));
    sink = SmtpSink.start(SmtpSink.freePort(), work.resolve("sink"));

    mta = Mta.start(new ConfigLoader().load(writeConfig(0, 0, 4)));

    await("500 messages at the sink")
        .atMost(Duration.ofSeconds(180))
        .untilAsserted(() -> assertThat(deliveredIds()).hasSize(500));
    await("the queue to be empty")
        .atMost(Duration.ofSeconds(30))
        .until(() -> queue.messagesLeft() == 0);
    double spooled =
        metric(mta.adminPort(), "mailfleet_mta_sqs_messages_total{outcome=\"spooled\"}");
    int deliveries = deliveredIds().values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf(
        "SQS source: 500 queued, %.0f spooled, %d delivered (%d duplicates)%n",
        spooled, deliveries, deliveries - 500);
    // A standard queue delivers at least once, and the emulator hands a message to two
    // concurrent receivers now and then: such a copy is spooled and delivered like any other.
    // What the MTA adds is nothing: every spooled message is delivered exactly once.
    assertThat(deliveries)
        .as("deliveries = messages spooled from the queue")
        .isEqualTo((int) spooled);
    assertThat(metric(mta.adminPort(), "mailfleet_mta_messages_received_total{ingress=\"sqs\"}"))
        .isEqualTo(spooled);
  }

  @Test
  void malformedBodyIsCountedOnceAndDeletedNotRetried() throws Exception {
    // A one-second visibility: a body left in the queue would come back at once, and be counted.
    queue = EmulatedSqsQueue.create(Duration.ofSeconds(1));
    sink = SmtpSink.start(SmtpSink.freePort(), work.resolve("sink"));
    mta = Mta.start(new ConfigLoader().load(writeConfig(0, 0, 2)));

    queue.send(List.of("{\"sender\": \"app@example.com\", \"recipients\": \"not a list\"}"));
    queue.send(requests(0, 1));

    await("the valid message at the sink")
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(deliveredIds()).hasSize(1));
    await("the queue to be empty")
        .atMost(Duration.ofSeconds(30))
        .until(() -> queue.messagesLeft() == 0);
    String malformed = "mailfleet_mta_sqs_messages_total{outcome=\"malformed\"}";
    await("a malformed body counted once, never again")
        .during(Duration.ofSeconds(4))
        .atMost(Duration.ofSeconds(10))
        .until(() -> metric(mta.adminPort(), malformed) == 1.0);
  }

  @Test
  void killBetweenCommitAndDeleteDeliversEveryMessageWithDuplicatesOnlyOfWhatWasInHand()
      throws Exception {
    int consumers = 4;
    queue = EmulatedSqsQueue.create(Duration.ofSeconds(5));
    queue.send(requests(0, 500));
    sink = SmtpSink.start(SmtpSink.freePort(), work.resolve("sink"));
    int adminPort = SmtpSink.freePort();
    Path config = writeConfig(adminPort, SmtpSink.freePort(), consumers);

    try (ChildJvm child = startChild(config, adminPort)) {
      await("the child to spool some of the queue")
          .atMost(Duration.ofSeconds(120))
          .failFast("MTA exited", () -> !child.isAlive())
          .ignoreExceptions()
          .until(
              () ->
                  metric(adminPort, "mailfleet_mta_messages_received_total{ingress=\"sqs\"}")
                      >= 100);
      child.kill();
    }
    try (ChildJvm restarted = startChild(config, adminPort)) {
      await("every message at the sink after the restart")
          .atMost(Duration.ofSeconds(180))
          .failFast("MTA exited", () -> !restarted.isAlive())
          .untilAsserted(() -> assertThat(deliveredIds()).hasSize(500));
      await("the queue to be empty")
          .atMost(Duration.ofSeconds(30))
          .until(() -> queue.messagesLeft() == 0);
      restarted.terminate();
    }
    int duplicates = deliveredIds().values().stream().mapToInt(n -> n - 1).sum();
    System.out.printf("SQS source after SIGKILL: 500 queued, %d duplicates%n", duplicates);
    // At most what the consumers held between commit and delete: one batch each.
    assertThat(duplicates).isLessThanOrEqualTo(consumers * 10);
  }

  /** Injection requests {@code from} to {@code to - 1}, each with its own Message-ID. */
  private static List<String> requests(int from, int to) {
    return IntStream.range(from, to)
        .mapToObj(
            i ->
                """
                {"sender": "app@main.example", "recipients": ["r%d@example.test"],
                 "message": "Message-ID: <sqs-%d@main.example>\\nFrom: app@main.example\\nSubject: %d\\n\\nbody %d\\n"}
                """
                    .formatted(i, i, i, i))
        .toList();
  }

  /** How often the sink got each Message-ID. */
  private Map<String, Integer> deliveredIds() throws IOException {
    Map<String, Integer> ids = new HashMap<>();
    for (String message : sink.received()) {
      Matcher m = MESSAGE_ID.matcher(message);
      if (m.find()) {
        ids.merge(m.group(1), 1, Integer::sum);
      }
    }
    return ids;
  }

  private Path writeConfig(int adminPort, int injectPort, int consumers) throws IOException {
    Path file = work.resolve("mta.yaml");
    Files.writeString(
        file,
        """
        hostname: mta.main.example
        smtp:
          listeners:
            - {name: submission, address: 127.0.0.1, port: 0, proxyProtocol: false}
        spool: {directory: %s, durability: FSYNC}
        admin: {address: 127.0.0.1, port: %d}
        inject: {address: 127.0.0.1, port: %d}
        shutdownGrace: 5s
        delivery:
          egress:
            pools:
              - name: default
                sources: [{name: out1, bindAddress: 127.0.0.1, ehloName: out1.main.example}]
          timeouts: {connect: 5s, command: 10s, data: 10s}
          retry: {schedule: [1s, 2s], jitter: 0.2, maxAge: 10m}
          routes:
            example.test: "127.0.0.1:%d"
        source:
          sqs: {queueUrl: "%s", concurrency: %d, waitTime: 1s, deferFor: 2s, callTimeout: 10s}
        """
            .formatted(
                work.resolve("spool"), adminPort, injectPort, sink.port(), queue.url(), consumers));
    return file;
  }

  private ChildJvm startChild(Path config, int adminPort) throws IOException {
    ChildJvm child = ChildJvm.start(work, MtaMain.class.getName(), "--config", config.toString());
    await("MTA admin /readyz to answer 200")
        .atMost(Duration.ofSeconds(60))
        .failFast("MTA exited", () -> !child.isAlive())
        .ignoreExceptions()
        .until(() -> get(adminPort, "/readyz").statusCode() == 200);
    return child;
  }

  private double metric(int adminPort, String series) throws IOException, InterruptedException {
    for (String line : get(adminPort, "/metrics").body().split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    return 0;
  }

  private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
