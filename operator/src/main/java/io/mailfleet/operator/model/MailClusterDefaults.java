package io.mailfleet.operator.model;

import io.mailfleet.operator.api.v1alpha1.InboundSpec;
import io.mailfleet.operator.api.v1alpha1.MailCluster;
import io.mailfleet.operator.api.v1alpha1.SpoolSpec;

/**
 * A MailCluster's settings with the schema's defaults filled in. The API server applies them to
 * every stored object; objects built in code (tests, dry runs) may lack them, so the model never
 * reads a null.
 */
final class MailClusterDefaults {

  static final int SMTP_PORT = 2525;
  static final int ADMIN_PORT = 8080;
  static final String SPOOL_SIZE = "20Gi";

  private MailClusterDefaults() {}

  static InboundSpec inbound(MailCluster cluster) {
    InboundSpec inbound = cluster.getSpec().getInbound();
    return inbound == null ? new InboundSpec() : inbound;
  }

  static SpoolSpec spool(MailCluster cluster) {
    SpoolSpec spool = cluster.getSpec().getSpool();
    return spool == null ? new SpoolSpec() : spool;
  }

  static int smtpPort(InboundSpec inbound) {
    return inbound.getSmtpPort() == null ? SMTP_PORT : inbound.getSmtpPort();
  }

  static int adminPort(MailCluster cluster) {
    Integer port = inbound(cluster).getAdminPort();
    return port == null ? ADMIN_PORT : port;
  }

  static String spoolSize(MailCluster cluster) {
    String size = spool(cluster).getSize();
    return size == null ? SPOOL_SIZE : size;
  }
}
