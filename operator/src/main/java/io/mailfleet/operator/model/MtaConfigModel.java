package io.mailfleet.operator.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.api.model.Quantity;
import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.api.v1alpha1.InboundSpec;
import io.mailfleet.operator.api.v1alpha1.MailCluster;
import io.mailfleet.operator.api.v1alpha1.SpoolDurability;
import io.mailfleet.operator.api.v1alpha1.SpoolSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a tier's MTA configuration file: the cluster-wide part (hostname, listener, limits, TLS,
 * spool) from the MailCluster, the tier's part (shutdown grace) from the DeliveryTier, and delivery
 * from both ({@link MtaDeliveryModel}). Only fields the MTA's schema knows are written: it refuses
 * unknown ones, and leaves the rest at its defaults.
 */
public final class MtaConfigModel {

  /** Everything binds in the pod: the Services and the kubelet reach these ports. */
  static final String ANY_ADDRESS = "0.0.0.0";

  /**
   * Clients that may relay without SMTP AUTH: the private networks pods and VPC peers submit from.
   * Anything arriving from the Internet must authenticate, so the MTA is never an open relay.
   */
  static final List<String> RELAY_NETWORKS =
      List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fd00::/8");

  private static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  private MtaConfigModel() {}

  /** The configuration file for {@code tier}'s pods. */
  public static RenderedMtaConfig render(MailCluster cluster, DeliveryTier tier) {
    Map<String, Object> root = clusterPart(cluster);
    root.put("shutdownGrace", KubernetesDuration.format(TierPodTiming.drainTimeout(tier)));
    root.put("delivery", MtaDeliveryModel.render(cluster, tier));
    try {
      return new RenderedMtaConfig(YAML.writeValueAsString(root));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps of strings and numbers always serialize", e);
    }
  }

  /** What every tier of {@code cluster} shares. */
  static Map<String, Object> clusterPart(MailCluster cluster) {
    InboundSpec inbound = MailClusterDefaults.inbound(cluster);
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("hostname", cluster.getSpec().getHostname());
    root.put("smtp", smtp(inbound));
    root.put("spool", spool(MailClusterDefaults.spool(cluster)));
    root.put("admin", listener(MailClusterDefaults.adminPort(cluster)));
    return root;
  }

  private static Map<String, Object> smtp(InboundSpec inbound) {
    Map<String, Object> listener = new LinkedHashMap<>();
    listener.put("name", "smtp");
    listener.put("address", ANY_ADDRESS);
    listener.put("port", MailClusterDefaults.smtpPort(inbound));
    listener.put("proxyProtocol", Boolean.TRUE.equals(inbound.getProxyProtocol()));

    Map<String, Object> limits = new LinkedHashMap<>();
    limits.put("maxMessageSize", messageSizeBytes(inbound));
    limits.put(
        "maxRecipients", inbound.getMaxRecipients() == null ? 100 : inbound.getMaxRecipients());

    Map<String, Object> smtp = new LinkedHashMap<>();
    smtp.put("listeners", List.of(listener));
    smtp.put("limits", limits);
    if (inbound.getTls() != null) {
      smtp.put(
          "tls",
          Map.of(
              "certificateFile", MtaPodLayout.TLS_DIR + "/tls.crt",
              "privateKeyFile", MtaPodLayout.TLS_DIR + "/tls.key"));
    }
    if (inbound.getAuth() != null) {
      smtp.put(
          "auth",
          Map.of(
              "usersFile",
              MtaPodLayout.AUTH_DIR + "/" + MtaPodLayout.AUTH_USERS,
              "requireTls",
              true));
    }
    smtp.put("relay", Map.of("networks", RELAY_NETWORKS, "authenticatedUsers", true));
    return smtp;
  }

  private static long messageSizeBytes(InboundSpec inbound) {
    String size = inbound.getMaxMessageSize() == null ? "25Mi" : inbound.getMaxMessageSize();
    return Quantity.getAmountInBytes(new Quantity(size)).longValueExact();
  }

  private static Map<String, Object> spool(SpoolSpec spool) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("directory", MtaPodLayout.SPOOL_DIR);
    out.put("durability", spool.getDurability() == SpoolDurability.BATCHED ? "BATCHED" : "FSYNC");
    return out;
  }

  private static Map<String, Object> listener(int port) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("address", ANY_ADDRESS);
    out.put("port", port);
    return out;
  }
}
