package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** Public sending IPs (AWS Elastic IPs) bound to a tier's pods, and their warm-up. */
// kubectl explain shows this for the kind itself; the generator takes no class description.
@SchemaCustomizer(
    value = SchemaCustomizer.MergePatchCustomizer.class,
    input =
        "{\"description\": \"Public sending IPs (AWS Elastic IPs) bound to a tier's pods, with reverse DNS and warm-up caps.\"}")
@Group(MailCluster.GROUP)
@Version(MailCluster.VERSION)
@ShortNames("sip")
@Categories(MailCluster.CATEGORY)
@AdditionalPrinterColumn(name = "Size", jsonPath = ".spec.size", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Allocated", jsonPath = ".status.allocated", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Bound", jsonPath = ".status.associated", type = Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    getDescription = "Whether every address is allocated and bound.")
@AdditionalPrinterColumn(
    name = "Reason",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    getDescription = "Why the pool is (not) ready, e.g. AddressLimitExceeded.")
@AdditionalPrinterColumn(
    name = "Release",
    jsonPath = ".spec.releasePolicy",
    priority = 1,
    getDescription = "What happens to the addresses when they leave the pool.")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class SendingIpPool extends CustomResource<SendingIpPoolSpec, SendingIpPoolStatus>
    implements Namespaced {

  // Overridden only to carry the descriptions that kubectl explain shows for spec and status.
  @Override
  @JsonPropertyDescription(
      "What the SendingIpPool should be: how many addresses (or which), their reverse DNS and warm-up.")
  public SendingIpPoolSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "What the operator last observed: one entry per address, counts and conditions.")
  public SendingIpPoolStatus getStatus() {
    return super.getStatus();
  }
}
