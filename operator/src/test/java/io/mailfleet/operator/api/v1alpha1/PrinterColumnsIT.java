package io.mailfleet.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.mailfleet.e2e.LocalCluster;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl get} shows each kind's printer columns, filled from its status, with AGE last as
 * for built-in kinds.
 */
@LocalCluster
class PrinterColumnsIT {

  @BeforeAll
  static void installCrds(KubernetesClient client) {
    InstalledCrds.apply(client);
  }

  @Test
  void getDeliveryTierShowsReplicasQueueAndReadiness(KubernetesClient client) {
    DeliveryTier tier =
        client.resource(ApiObjects.deliveryTier("bulk", ScalingMode.EXTERNAL)).create();
    tier.setStatus(
        new DeliveryTierStatus()
            .setObservedGeneration(tier.getMetadata().getGeneration())
            .setConditions(List.of(ApiObjects.ready(ConditionStatus.TRUE, "TierReady", 1)))
            .setReplicas(3)
            .setReadyReplicas(3)
            .setDesiredReplicas(4)
            .setSelector("app.kubernetes.io/instance=bulk")
            .setQueueDepth(1234L)
            .setOldestMessageAge("3m12s"));
    client.resource(tier).updateStatus();

    Map<String, String> row = kubectlGet(client, "dt", "bulk", "-o", "wide");

    assertThat(row)
        .containsEntry("CLUSTER", "mail")
        .containsEntry("POOL", "outbound")
        .containsEntry("MODE", "External")
        .containsEntry("READY", "True")
        .containsEntry("REPLICAS", "3")
        .containsEntry("DESIRED", "4")
        .containsEntry("QUEUE", "1234")
        .containsEntry("OLDEST", "3m12s");
    assertThat(row.keySet()).as("columns in order").startsWith("NAME").endsWith("AGE");
  }

  @Test
  void getMailClusterShowsHostnameReadinessQueueAndEndpoint(KubernetesClient client) {
    MailCluster cluster = client.resource(ApiObjects.mailCluster("mail")).create();
    cluster.setStatus(
        new MailClusterStatus()
            .setObservedGeneration(cluster.getMetadata().getGeneration())
            .setConditions(List.of(ApiObjects.ready(ConditionStatus.FALSE, "TiersNotReady", 1)))
            .setQueueDepth(42L)
            .setLoadBalancerDnsName("mail-0123456789.elb.eu-west-1.amazonaws.com"));
    client.resource(cluster).updateStatus();

    Map<String, String> row = kubectlGet(client, "mcl", "mail", "-o", "wide");

    assertThat(row)
        .containsEntry("HOSTNAME", "mx.mail.example.com")
        .containsEntry("READY", "False")
        .containsEntry("QUEUE", "42")
        .containsEntry("ENDPOINT", "mail-0123456789.elb.eu-west-1.amazonaws.com");
    assertThat(row.keySet()).as("columns in order").startsWith("NAME").endsWith("AGE");
  }

  @Test
  void getSendingIpPoolShowsSizeAllocatedAndBound(KubernetesClient client) {
    SendingIpPool pool = client.resource(ApiObjects.sendingIpPool("outbound", 4)).create();
    pool.setStatus(
        new SendingIpPoolStatus()
            .setObservedGeneration(pool.getMetadata().getGeneration())
            .setConditions(List.of(ApiObjects.ready(ConditionStatus.UNKNOWN, "Allocating", 1)))
            .setAllocated(4)
            .setAssociated(2));
    client.resource(pool).updateStatus();

    Map<String, String> row = kubectlGet(client, "sip", "outbound", "-o", "wide");

    assertThat(row)
        .containsEntry("SIZE", "4")
        .containsEntry("ALLOCATED", "4")
        .containsEntry("BOUND", "2")
        .containsEntry("READY", "Unknown")
        .containsEntry("RELEASE", "Retain");
    assertThat(row.keySet()).as("columns in order").startsWith("NAME").endsWith("AGE");
  }

  /** The one row {@code kubectl get} prints for an object, keyed by column header. */
  private static Map<String, String> kubectlGet(KubernetesClient client, String... args) {
    List<String> lines =
        Kubectl.onPath(client.getNamespace()).succeed(prepend("get", args)).lines().toList();
    assertThat(lines).as("kubectl get output").hasSize(2);
    return columns(lines.get(0), lines.get(1));
  }

  /** Cuts a row at the header's column starts: kubectl aligns every value under its header. */
  private static Map<String, String> columns(String header, String row) {
    Map<String, String> byHeader = new LinkedHashMap<>();
    List<String> names = List.of(header.trim().split(" {2,}"));
    for (int i = 0; i < names.size(); i++) {
      int start = header.indexOf(names.get(i));
      int end = i + 1 < names.size() ? header.indexOf(names.get(i + 1)) : row.length();
      byHeader.put(
          names.get(i),
          row.substring(Math.min(start, row.length()), Math.min(end, row.length())).trim());
    }
    return byHeader;
  }

  private static String[] prepend(String first, String... rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }
}
