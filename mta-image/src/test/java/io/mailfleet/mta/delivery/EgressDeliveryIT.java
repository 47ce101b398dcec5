package io.mailfleet.mta.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailfleet.mta.Mta;
import io.mailfleet.mta.config.ConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Egress pools against Postfix's smtp-sink: connections bind the leased source's loopback address
 * and give its EHLO name, and daily caps hold mail back, overflow it, and survive a restart.
 */
class EgressDeliveryIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final Pattern CLIENT = Pattern.compile("(?m)^X-Client-Addr: (\\S+)");
  private static final Pattern HELO = Pattern.compile("(?m)^X-Helo-Args: (\\S+)");

  @TempDir Path work;

  private Mta mta;
  private SmtpSink sink;

  @BeforeEach
  void startSink() throws IOException {
    sink = SmtpSink.start(SmtpSink.freePort(), work.resolve("dumps"));
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (mta != null) {
      mta.close();
    }
    sink.close();
  }

  /** Starts an MTA whose {@code delivery.egress.pools} is {@code pools} (YAML flow list). */
  private void startMta(String pools) throws IOException, InterruptedException {
    Path config = work.resolve("mta.yaml");
    Files.writeString(
        config,
        SenderConfig.loopback(work.resolve("spool"))
            + """
        delivery:
          shaping: {defaults: {deliveriesPerConnection: 1}}
          timeouts: {connect: 5s, command: 10s, data: 10s}
          retry: {schedule: [200ms, 400ms, 500ms], jitter: 0.2, maxAge: 72h}
          routes: {example.test: "127.0.0.1:%d"}
          egress: {pools: %s}
        """
                .formatted(sink.port(), pools));
    mta = Mta.start(new ConfigLoader().load(config));
  }

  private void submit(int count) throws IOException {
    for (int i = 0; i < count; i++) {
      SmtpSubmitter.submit(
          mta.smtpAddresses().get(0),
          "news@main.example",
          List.of("user" + i + "@example.test"),
          "From: news@main.example\r\nSubject: message " + i + "\r\n\r\nhello\r\n");
    }
  }

  private MetricsProbe metrics() {
    return new MetricsProbe(mta.adminPort());
  }

  /** Each delivered message as "client address ehlo name", from the sink's dumps. */
  private List<String> arrivals() throws IOException {
    return sink.received().stream().map(m -> header(CLIENT, m) + " " + header(HELO, m)).toList();
  }

  private static String header(Pattern header, String message) {
    Matcher m = header.matcher(message);
    assertThat(m.find()).as("header %s in %s", header, message).isTrue();
    return m.group(1);
  }

  private List<Map<String, Object>> sources() throws IOException, InterruptedException {
    String body =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + mta.adminPort() + "/api/v1/sources"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return new ObjectMapper().readValue(body, new TypeReference<>() {});
  }

  @Test
  void everyMessageLeavesFromOneOfThePoolsAddressesWithThatSourcesEhloName() throws Exception {
    startMta(
        """
        [{name: main, sources: [
            {name: o2, bindAddress: 127.0.0.2, ehloName: o2.main.example},
            {name: o3, bindAddress: 127.0.0.3, ehloName: o3.main.example},
            {name: o4, bindAddress: 127.0.0.4, ehloName: o4.main.example},
            {name: o5, bindAddress: 127.0.0.5, ehloName: o5.main.example}]}]""");

    submit(40);

    await().atMost(PATIENCE).until(() -> metrics().outcome("delivered") == 40);
    List<String> arrivals = arrivals();
    assertThat(arrivals)
        .hasSize(40)
        .allMatch(
            a -> a.matches("127\\.0\\.0\\.([2-5]) o\\1\\.main\\.example"),
            "address and EHLO of one source")
        .anyMatch(a -> a.startsWith("127.0.0.2 "))
        .anyMatch(a -> a.startsWith("127.0.0.3 "))
        .anyMatch(a -> a.startsWith("127.0.0.4 "))
        .anyMatch(a -> a.startsWith("127.0.0.5 "));
  }

  @Test
  void sourceAtItsDailyCapSendsNoMoreAndTheRestStaysQueued() throws Exception {
    startMta(
        """
        [{name: cold, whenCapped: WAIT, sources: [
            {name: o2, bindAddress: 127.0.0.2, ehloName: o2.main.example, dailyCap: 3}]}]""");

    submit(5);

    await().atMost(PATIENCE).until(() -> metrics().capped("cold", "wait") >= 1);
    await().atMost(PATIENCE).until(() -> metrics().spooled() == 2);
    assertThat(arrivals()).hasSize(3).containsOnly("127.0.0.2 o2.main.example");
    assertThat(metrics().outcome("deferred")).as("waiting for the cap is no failure").isZero();
    assertThat(sources())
        .singleElement()
        .satisfies(
            s ->
                assertThat(s)
                    .containsEntry("pool", "cold")
                    .containsEntry("name", "o2")
                    .containsEntry("bindAddress", "127.0.0.2")
                    .containsEntry("sentToday", 3)
                    .containsEntry("dailyCap", 3)
                    .containsEntry("capped", true)
                    .containsKey("capsResetAt"));
  }

  @Test
  void cappedPoolOverflowsToTheWarmPoolsAddress() throws Exception {
    startMta(
        """
        [{name: warm, sources: [{name: w3, bindAddress: 127.0.0.3, ehloName: warm.main.example}]},
         {name: cold, senderDomains: [main.example], whenCapped: OVERFLOW, overflowPool: warm,
          sources: [{name: c2, bindAddress: 127.0.0.2, ehloName: cold.main.example, dailyCap: 2}]}]""");

    submit(5);

    await().atMost(PATIENCE).until(() -> metrics().outcome("delivered") == 5);
    assertThat(arrivals()).filteredOn(a -> a.equals("127.0.0.2 cold.main.example")).hasSize(2);
    assertThat(arrivals()).filteredOn(a -> a.equals("127.0.0.3 warm.main.example")).hasSize(3);
    assertThat(metrics().capped("cold", "overflow")).isGreaterThanOrEqualTo(3);
  }

  @Test
  void cappedSourceStaysCappedAfterARestart() throws Exception {
    String pools =
        """
        [{name: cold, sources: [
            {name: o2, bindAddress: 127.0.0.2, ehloName: o2.main.example, dailyCap: 2}]}]""";
    startMta(pools);
    submit(3);
    await().atMost(PATIENCE).until(() -> metrics().capped("cold", "wait") >= 1);
    mta.close();

    startMta(pools);

    await().atMost(PATIENCE).until(() -> metrics().capped("cold", "wait") >= 1);
    assertThat(sources())
        .singleElement()
        .satisfies(s -> assertThat(s).containsEntry("sentToday", 2).containsEntry("capped", true));
    assertThat(metrics().spooled()).isEqualTo(1);
    assertThat(arrivals()).hasSize(2);
  }
}
