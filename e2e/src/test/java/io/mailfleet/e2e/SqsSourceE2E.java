package io.mailfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * SQS as a source on the real node: 500 messages wait in a queue of the AWS emulator; a tier that
 * reads it and scales on its backlog (targetPerPod 200, at most 3 pods) grows to 3 pods, takes
 * every message into its spools and delivers it to an smtp-sink; the queue ends empty.
 */
@LocalCluster
@LocalAws
class SqsSourceE2E {

  private static final String TIER = "sqs";
  private static final int MESSAGES = 500;
  private static final String MESSAGE_ID_DOMAIN = "sqs.source.e2e";

  private KubernetesClient client;
  private SqsClient sqs;
  private String queueUrl;
  private OperatorRelease operator;
  private SmtpSink sink;
  private MailTier tier;

  @BeforeEach
  void startOperatorSinkAndQueue(KubernetesClient client, AwsEmulator aws) {
    this.client = client;
    sqs = aws.sqs();
    // Named after this run's namespace and tagged: the emulator is shared, and the queue goes at
    // the end of the test.
    String created =
        sqs.createQueue(
                r ->
                    r.queueName("mailfleet-e2e-" + UUID.randomUUID().toString().substring(0, 8))
                        .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "60"))
                        .tags(Map.of("mailfleet.io/e2e", client.getNamespace())))
            .queueUrl();
    // The MTA pods call the emulator on the node's address; the URL names the queue by its path.
    URI url = URI.create(created);
    queueUrl = "http://" + SmtpSink.NODE_ADDRESS + ":" + aws.endpoint().getPort() + url.getPath();
    operator = OperatorRelease.installWithAws(client, 1, aws);
    sink = SmtpSink.start();
    // The pods' static credentials, where EKS would give them IRSA (docs/sqs-source.md).
    client
        .secrets()
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("mailfleet-mta-aws")
                .endMetadata()
                .withStringData(
                    Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing"))
                .build())
        .serverSideApply();
  }

  @AfterEach
  void deleteTierQueueSinkAndOperator() {
    Teardown.inOrder(
        Teardown.ifMade(tier, MailTier::delete),
        Teardown.ifMade(queueUrl, url -> sqs.deleteQueue(r -> r.queueUrl(url))),
        Teardown.ifMade(sink, SmtpSink::close),
        Teardown.ifMade(operator, OperatorRelease::uninstall),
        Teardown.ifMade(sqs, SqsClient::close));
  }

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void queuedMessagesGrowTheTierOnItsBacklogAndAllReachTheSink() {
    Set<String> sent = send(MESSAGES);
    long applied = System.nanoTime();
    tier =
        MailTier.applyManifests(
            client,
            operator,
            TIER,
            MailTier.clusterManifest("mx.sqs.example.com", "{size: 1Gi}", sink.target())
                + tierManifest());
    AtomicInteger mostReplicas = new AtomicInteger();
    AtomicReference<String> scaledBecause = new AtomicReference<>();
    long drained =
        awaitQueueEmpty(
            () -> {
              StatefulSet set = tier.statefulSet();
              if (set != null && set.getSpec().getReplicas() != null) {
                mostReplicas.accumulateAndGet(set.getSpec().getReplicas(), Math::max);
              }
              Map<String, Object> status = status();
              if (status != null && status.get("lastScaleReason") != null) {
                scaledBecause.compareAndSet(null, (String) status.get("lastScaleReason"));
              }
            });
    Map<String, Integer> arrivals = awaitArrivals(sent);
    int duplicates = arrivals.values().stream().mapToInt(n -> n - 1).sum();
    System.out.printf(
        "SqsSourceE2E: %d messages out of the queue %.1f s after the tier was applied, at most %d"
            + " replicas (first scaled because: %s); all at the sink %.1f s after it,"
            + " duplicates %d%n",
        MESSAGES,
        (drained - applied) / 1e9,
        mostReplicas.get(),
        scaledBecause.get(),
        (System.nanoTime() - applied) / 1e9,
        duplicates);

    assertThat(arrivals.keySet()).containsAll(sent);
    assertThat(mostReplicas.get()).as("the tier grew past minReplicas 1").isEqualTo(3);
    assertThat(scaledBecause.get()).startsWith("SqsBacklog").contains("visible");
  }

  /**
   * Puts {@code count} injection-API bodies (docs/sqs-source.md) in the queue, 10 per call; returns
   * their Message-IDs.
   */
  private Set<String> send(int count) {
    List<String> ids =
        IntStream.range(0, count)
            .mapToObj(i -> UUID.randomUUID() + "@" + MESSAGE_ID_DOMAIN)
            .toList();
    for (int from = 0; from < count; from += 10) {
      List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
      for (int i = from; i < Math.min(count, from + 10); i++) {
        batch.add(
            SendMessageBatchRequestEntry.builder()
                .id("m" + i)
                .messageBody(body(ids.get(i), i))
                .build());
      }
      assertThat(sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(batch)).failed()).isEmpty();
    }
    return Set.copyOf(ids);
  }

  private static String body(String messageId, int n) {
    String message =
        "From: app@example.com\\nTo: someone@"
            + MailTier.ROUTED_DOMAIN
            + "\\nSubject: SQS message "
            + n
            + "\\nMessage-ID: <"
            + messageId
            + ">\\n\\nHello from the queue.\\n";
    return "{\"sender\":\"app@example.com\",\"recipients\":[\"someone@"
        + MailTier.ROUTED_DOMAIN
        + "\"],\"message\":\""
        + message
        + "\"}";
  }

  private String tierManifest() {
    return MailTier.tierManifest(
        TIER,
        """
          source:
            sqs:
              queueUrl: %s
              concurrency: 2
          scaling:
            mode: Auto
            metric: SqsBacklog
            minReplicas: 1
            maxReplicas: 3
            targetPerPod: 200
            scaleUp: {stabilizationWindow: 0s, maxStep: 4}
            scaleDown: {stabilizationWindow: 20s, maxStep: 1}
        """
            .formatted(queueUrl));
  }

  /** Waits, watching the tier with {@code watch}, until the queue holds nothing; returns when. */
  private long awaitQueueEmpty(Runnable watch) {
    try {
      await("queue " + queueUrl + " empty")
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                watch.run();
                Map<QueueAttributeName, String> counts =
                    sqs.getQueueAttributes(
                            r ->
                                r.queueUrl(queueUrl)
                                    .attributeNames(
                                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                        QueueAttributeName
                                            .APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                        .attributes();
                return counts.values().stream().allMatch("0"::equals);
              });
      return System.nanoTime();
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(e.getMessage() + diagnostics(), e);
    }
  }

  private Map<String, Integer> awaitArrivals(Set<String> sent) {
    try {
      return await(sent.size() + " messages at the sink " + sink.target())
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> sink.arrivals(MESSAGE_ID_DOMAIN),
              arrivals -> arrivals.keySet().containsAll(sent));
    } catch (ConditionTimeoutException e) {
      Set<String> arrived = sink.arrivals(MESSAGE_ID_DOMAIN).keySet();
      Set<String> missing =
          sent.stream().filter(id -> !arrived.contains(id)).collect(Collectors.toSet());
      throw new AssertionError(
          missing.size() + " of " + sent.size() + " queued messages never arrived" + diagnostics(),
          e);
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> status() {
    GenericKubernetesResource resource = tier.resource().get();
    return resource == null
        ? null
        : (Map<String, Object>) resource.getAdditionalProperties().get("status");
  }

  private String diagnostics() {
    return "; tier status " + status() + tier.diagnostics();
  }
}
