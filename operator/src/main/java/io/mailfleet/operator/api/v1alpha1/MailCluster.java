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

/** The MTA fleet of one region: what all its DeliveryTiers share. */
// kubectl explain shows this for the kind itself; the generator takes no class description.
@SchemaCustomizer(
    value = SchemaCustomizer.MergePatchCustomizer.class,
    input =
        "{\"description\": \"The MTA fleet of one region: the SMTP endpoint, spool, delivery defaults and monitoring that all its DeliveryTiers share. Its name, at most 63 characters, labels every object of its tiers.\"}")
@Group(MailCluster.GROUP)
@Version(MailCluster.VERSION)
@ShortNames("mcl")
@Categories(MailCluster.CATEGORY)
@AdditionalPrinterColumn(name = "Hostname", jsonPath = ".spec.hostname")
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    getDescription = "Whether every tier of the cluster is ready.")
@AdditionalPrinterColumn(name = "Queue", jsonPath = ".status.queueDepth", type = Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Endpoint",
    jsonPath = ".status.loadBalancerDnsName",
    priority = 1,
    getDescription = "DNS name of the network load balancer.")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
// The cluster's name is the value of the mailfleet.io/cluster label on every object of its tiers.
@ValidationRule(
    value = "self.metadata.name.size() <= " + MailCluster.MAX_NAME_LENGTH,
    message =
        "a MailCluster name must be at most "
            + MailCluster.MAX_NAME_LENGTH
            + " characters: it becomes the mailfleet.io/cluster label of every object of its tiers")
public class MailCluster extends CustomResource<MailClusterSpec, MailClusterStatus>
    implements Namespaced {

  /** API group of every mailfleet resource. */
  public static final String GROUP = "mailfleet.io";

  /** API version of this package's resources. */
  public static final String VERSION = "v1alpha1";

  /** The kubectl category that lists all mailfleet resources: {@code kubectl get mailfleet}. */
  public static final String CATEGORY = "mailfleet";

  /** The longest MailCluster name: a label value's limit, as it labels its tiers' objects. */
  public static final int MAX_NAME_LENGTH = 63;

  // Overridden only to carry the descriptions that kubectl explain shows for spec and status.
  @Override
  @JsonPropertyDescription(
      "What the MailCluster should be: every DeliveryTier of this region's fleet shares it.")
  public MailClusterSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "What the operator last observed: conditions, tiers, load balancer and queue depth.")
  public MailClusterStatus getStatus() {
    return super.getStatus();
  }
}
