package io.mailfleet.operator.model;

import static java.util.Objects.requireNonNullElse;
import static java.util.Objects.requireNonNullElseGet;

import io.fabric8.kubernetes.api.model.Quantity;
import io.mailfleet.operator.api.v1alpha1.DeliveryDefaults;
import io.mailfleet.operator.api.v1alpha1.DkimKeySpec;
import io.mailfleet.operator.api.v1alpha1.InboundSpec;
import io.mailfleet.operator.api.v1alpha1.MailCluster;
import io.mailfleet.operator.api.v1alpha1.SecretReference;
import io.mailfleet.operator.api.v1alpha1.SpoolDurability;
import io.mailfleet.operator.api.v1alpha1.SpoolSpec;
import java.util.List;
import java.util.Objects;

/**
 * A MailCluster's settings with the schema's defaults resolved, once. The API server fills them in
 * on every stored object; objects built in code (tests, dry runs) may lack them, so they are read
 * here from the constants the schema's {@code @Default}s name, and nowhere else.
 *
 * @param hostname the MTAs' name in greetings and Received headers
 * @param smtpPort the port the MTA containers take SMTP on
 * @param adminPort the port of the MTA admin HTTP server
 * @param proxyProtocol whether every SMTP connection starts with a PROXY header
 * @param maxMessageSize the largest message accepted, in bytes
 * @param maxRecipients the most recipients of one transaction
 * @param tls the STARTTLS certificate Secret, or {@code null} for no STARTTLS
 * @param auth the SMTP AUTH users Secret, or {@code null} for no AUTH
 * @param spoolDurability when the MTA replies 250 to DATA
 * @param spoolSize the size of each pod's spool volume, as a quantity
 * @param storageClassName the spool volumes' StorageClass, or {@code null} for the default one
 * @param delivery what every tier delivers with (each field may be unset: the MTA's default)
 */
public record MailClusterSettings(
    String hostname,
    int smtpPort,
    int adminPort,
    boolean proxyProtocol,
    long maxMessageSize,
    int maxRecipients,
    SecretReference tls,
    SecretReference auth,
    SpoolDurability spoolDurability,
    String spoolSize,
    String storageClassName,
    DeliveryDefaults delivery) {

  public MailClusterSettings {
    Objects.requireNonNull(hostname, "hostname");
    Objects.requireNonNull(spoolDurability, "spoolDurability");
    Objects.requireNonNull(spoolSize, "spoolSize");
    Objects.requireNonNull(delivery, "delivery");
  }

  /** The settings of {@code cluster}, every unset field at the schema's default. */
  public static MailClusterSettings fromCrd(MailCluster cluster) {
    InboundSpec inbound = requireNonNullElseGet(cluster.getSpec().getInbound(), InboundSpec::new);
    SpoolSpec spool = requireNonNullElseGet(cluster.getSpec().getSpool(), SpoolSpec::new);
    return new MailClusterSettings(
        cluster.getSpec().getHostname(),
        orDefault(inbound.getSmtpPort(), InboundSpec.DEFAULT_SMTP_PORT),
        orDefault(inbound.getAdminPort(), InboundSpec.DEFAULT_ADMIN_PORT),
        Boolean.TRUE.equals(inbound.getProxyProtocol()),
        bytes(
            requireNonNullElse(inbound.getMaxMessageSize(), InboundSpec.DEFAULT_MAX_MESSAGE_SIZE)),
        orDefault(inbound.getMaxRecipients(), InboundSpec.DEFAULT_MAX_RECIPIENTS),
        inbound.getTls(),
        inbound.getAuth(),
        requireNonNullElse(spool.getDurability(), SpoolDurability.FSYNC),
        requireNonNullElse(spool.getSize(), SpoolSpec.DEFAULT_SIZE),
        spool.getStorageClassName(),
        requireNonNullElseGet(cluster.getSpec().getDelivery(), DeliveryDefaults::new));
  }

  /** The DKIM keys to sign with, in spec order; empty when none. */
  public List<DkimKeySpec> dkimKeys() {
    return requireNonNullElse(delivery.getDkim(), List.of());
  }

  private static int orDefault(Integer value, String schemaDefault) {
    return value == null ? Integer.parseInt(schemaDefault) : value;
  }

  private static long bytes(String quantity) {
    return Quantity.getAmountInBytes(new Quantity(quantity)).longValueExact();
  }
}
