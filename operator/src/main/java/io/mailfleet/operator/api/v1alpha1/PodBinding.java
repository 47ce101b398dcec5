package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The pod and private address an Elastic IP is associated with. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"pod", "privateIp"})
public class PodBinding {

  @JsonPropertyDescription("Name of the pod.")
  private String pod;

  @JsonPropertyDescription("The pod's private IP that the Elastic IP maps to.")
  private String privateIp;

  public String getPod() {
    return pod;
  }

  public PodBinding setPod(String pod) {
    this.pod = pod;
    return this;
  }

  public String getPrivateIp() {
    return privateIp;
  }

  public PodBinding setPrivateIp(String privateIp) {
    this.privateIp = privateIp;
    return this;
  }
}
