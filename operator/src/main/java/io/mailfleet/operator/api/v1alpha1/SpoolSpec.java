package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The durable message store of each MTA pod. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"storageClassName", "size", "durability"})
// A StatefulSet's volumeClaimTemplates cannot change, so a new class would never reach the pods.
@ValidationRule(
    value =
        "has(self.storageClassName) == has(oldSelf.storageClassName) && (!has(self.storageClassName) || self.storageClassName == oldSelf.storageClassName)",
    message =
        "spool.storageClassName cannot change: existing spool volumes keep the class they were made with; create a new MailCluster to move to other storage",
    fieldPath = ".storageClassName")
public class SpoolSpec {

  /** Default of {@code size}, which the operator's model also reads (MailClusterSettings). */
  public static final String DEFAULT_SIZE = "20Gi";

  @JsonPropertyDescription(
      "StorageClass of the spool volumes. Leave unset for the cluster's default class. Fixed once the cluster exists.")
  @Size(min = 1, max = 253)
  @Pattern(SchemaPatterns.DNS_SUBDOMAIN)
  private String storageClassName;

  @JsonPropertyDescription(
      "Size of each pod's spool volume, as a quantity such as 20Gi: whole bytes, at most 1Pi and more than inbound.maxMessageSize.")
  @Default(DEFAULT_SIZE)
  @Size(max = 16)
  @Pattern(SchemaPatterns.QUANTITY)
  @ValidationRule(
      value =
          "!isQuantity(self) || (quantity(self).isInteger() && quantity(self).isGreaterThan(quantity('0')) && quantity(self).compareTo(quantity('1Pi')) <= 0)",
      message = "spool.size must be a whole number of bytes above 0 and at most 1Pi, e.g. 20Gi")
  private String size;

  @JsonPropertyDescription(
      "When the MTA replies 250 to DATA. Fsync: only after the message is on disk (no accepted message is lost on a crash). Batched: after it is written, with an fsync at most a few milliseconds later (faster; a node crash may lose that window).")
  @Default("Fsync")
  private SpoolDurability durability;

  public String getStorageClassName() {
    return storageClassName;
  }

  public SpoolSpec setStorageClassName(String storageClassName) {
    this.storageClassName = storageClassName;
    return this;
  }

  public String getSize() {
    return size;
  }

  public SpoolSpec setSize(String size) {
    this.size = size;
    return this;
  }

  public SpoolDurability getDurability() {
    return durability;
  }

  public SpoolSpec setDurability(SpoolDurability durability) {
    this.durability = durability;
    return this;
  }
}
