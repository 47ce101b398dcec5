package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A class of traffic (transactional, bulk, ...): one StatefulSet of MTA pods with its own IPs. */
// kubectl explain shows this for the kind itself; the generator takes no class description.
@SchemaCustomizer(
    value = SchemaCustomizer.MergePatchCustomizer.class,
    input =
        "{\"description\": \"A class of traffic (transactional, bulk, ...) with its own endpoint, MTA pods, sending IPs and scaling: one StatefulSet of MTA pods. Its name, a DNS label of at most 52 characters that does not end in -pods, names that StatefulSet, its Services and its pods.\"}")
@Group(MailCluster.GROUP)
@Version(MailCluster.VERSION)
@ShortNames("dt")
@Categories(MailCluster.CATEGORY)
@AdditionalPrinterColumn(name = "Cluster", jsonPath = ".spec.clusterRef.name")
@AdditionalPrinterColumn(name = "Mode", jsonPath = ".spec.scaling.mode")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    getDescription = "Whether the tier takes and delivers mail.")
@AdditionalPrinterColumn(name = "Replicas", jsonPath = ".status.replicas", type = Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Desired",
    jsonPath = ".status.desiredReplicas",
    type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Queue", jsonPath = ".status.queueDepth", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Oldest", jsonPath = ".status.oldestMessageAge")
@AdditionalPrinterColumn(
    name = "Pool",
    jsonPath = ".spec.ipPoolRef.name",
    priority = 1,
    getDescription = "The SendingIpPool the tier sends from.")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
// The tier's name becomes the name of its StatefulSet and Services and the prefix of its pods: see
// MAX_NAME_LENGTH. Refused here, the name never reaches an API server that would refuse those.
@ValidationRule(
    value =
        "self.metadata.name.size() <= "
            + DeliveryTier.MAX_NAME_LENGTH
            + " && self.metadata.name.matches('"
            + SchemaPatterns.DNS_1035_LABEL
            + "')",
    message =
        "a DeliveryTier name must be a DNS label of at most "
            + DeliveryTier.MAX_NAME_LENGTH
            + " characters: lower-case letters, digits and '-', starting with a letter and without dots, as it names the tier's StatefulSet, Services and pods")
// Tier x's headless Service is x-pods: a tier named x-pods would take that Service over.
@ValidationRule(
    value = "!self.metadata.name.endsWith('" + DeliveryTier.HEADLESS_SERVICE_SUFFIX + "')",
    message =
        "a DeliveryTier name must not end in -pods: the tier named without it has a Service of that name; choose another name")
public class DeliveryTier extends CustomResource<DeliveryTierSpec, DeliveryTierStatus>
    implements Namespaced {

  /**
   * The longest tier name whose derived names all stay valid. The tightest bound is the
   * StatefulSet's {@code controller-revision-hash} label on every pod, {@code <name>-<hash>} with a
   * hash of up to 10 characters, which as a label value may hold 63: 63 - 1 - 10 = 52. The others
   * are looser: the headless Service {@code <name>-pods} (63 - 5 = 58) and the pods {@code
   * <name>-<ordinal>} up to ordinal 999 (63 - 4 = 59). TierIdentityTest checks them all.
   */
  public static final int MAX_NAME_LENGTH = 52;

  /** What a tier's name is followed by in the name of its headless Service. */
  public static final String HEADLESS_SERVICE_SUFFIX = "-pods";

  // Overridden only to carry the descriptions that kubectl explain shows for spec and status.
  @Override
  @JsonPropertyDescription(
      "What the DeliveryTier should be: where its mail comes from, which IPs it sends from, how it scales and shapes traffic.")
  public DeliveryTierSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("What the operator last observed: pods, queue, scaling and conditions.")
  public DeliveryTierStatus getStatus() {
    return super.getStatus();
  }
}
