package io.mailfleet.operator.reconciler;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Events on a custom resource, so {@code kubectl describe} and {@code kubectl get events}
 * show why it is not ready (Warning) and what the operator changed (Normal). Callers emit a Warning
 * once per transition, not per reconciliation.
 */
final class WarningEvents {

  private static final Logger LOG = LoggerFactory.getLogger(WarningEvents.class);
  static final String COMPONENT = "mailfleet-operator";

  private WarningEvents() {}

  static void record(KubernetesClient client, HasMetadata about, String reason, String message) {
    record(client, about, "Warning", reason, message);
  }

  /** A Normal Event: a change the operator made, e.g. an address it allocated or released. */
  static void normal(KubernetesClient client, HasMetadata about, String reason, String message) {
    record(client, about, "Normal", reason, message);
  }

  private static void record(
      KubernetesClient client, HasMetadata about, String type, String reason, String message) {
    String namespace = about.getMetadata().getNamespace();
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withName(
                about.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
            .withNamespace(namespace)
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion(about.getApiVersion())
            .withKind(about.getKind())
            .withName(about.getMetadata().getName())
            .withNamespace(namespace)
            .withUid(about.getMetadata().getUid())
            .endInvolvedObject()
            .withType(type)
            .withReason(reason)
            .withMessage(message)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .build();
    try {
      client.v1().events().inNamespace(namespace).resource(event).create();
    } catch (KubernetesClientException e) {
      // An Event is a courtesy; the condition carries the same news, so the reconciliation goes on.
      LOG.warn(
          "{}/{}: could not record Event {}: {}",
          namespace,
          about.getMetadata().getName(),
          reason,
          e.getMessage());
    }
  }
}
