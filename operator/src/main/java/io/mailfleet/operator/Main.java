package io.mailfleet.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.mailfleet.operator.metrics.OperatorHttpServer;
import io.mailfleet.operator.metrics.OperatorMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the mailfleet operator as configured by its environment (see {@link OperatorSettings}).
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws Exception {
    OperatorSettings settings;
    try {
      settings = OperatorSettings.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("mailfleet-operator: " + e.getMessage());
      System.exit(2);
      return;
    }
    LOG.info(
        "starting: cluster id {}, namespaces {}, leader election {}, MTA image {}, AWS region {}{}",
        settings.clusterId(),
        settings.watchesAllNamespaces() ? "all" : settings.namespaces(),
        settings.leaderElection(),
        settings.defaultImage(),
        settings.awsRegion() == null ? "none (pools must name theirs)" : settings.awsRegion(),
        System.getenv("AWS_ENDPOINT_URL") == null
            ? ""
            : ", AWS endpoint " + System.getenv("AWS_ENDPOINT_URL"));

    OperatorMetrics metrics = new OperatorMetrics(PrometheusRegistry.defaultRegistry);
    KubernetesClient client = new KubernetesClientBuilder().build();
    MailfleetOperator operator = new MailfleetOperator(client, settings, metrics);
    OperatorHttpServer http =
        OperatorHttpServer.start(settings.httpPort(), metrics.registry(), operator::runtimeInfo);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.close();
                  http.close();
                  client.close();
                  stopped.countDown();
                },
                "shutdown"));
    operator.start();
    stopped.await();
  }
}
