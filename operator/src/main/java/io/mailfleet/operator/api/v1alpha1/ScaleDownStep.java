package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The removal of one pod in progress, or the last one that was called off; kept in status so that a
 * restarted operator resumes it where it stood.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"pod", "peer", "phase", "startedAt", "transferred", "message"})
public class ScaleDownStep {

  @JsonPropertyDescription("The leaving pod: the tier's highest ordinal.")
  private String pod;

  @JsonPropertyDescription("The surviving pod's SMTP listener (host:port) the queue goes to.")
  private String peer;

  @JsonPropertyDescription(
      "Transferring: the pod is drained and hands its queue to the peer. Aborted: the transfer failed or timed out, the pod took mail again and stays.")
  private String phase;

  @JsonPropertyDescription(
      "When the phase began (RFC 3339): the drainTimeout runs from here while Transferring, the retry delay while Aborted.")
  private String startedAt;

  @JsonPropertyDescription("Messages the peer confirmed so far.")
  private Integer transferred;

  @JsonPropertyDescription("What happened last.")
  private String message;

  public String getPod() {
    return pod;
  }

  public ScaleDownStep setPod(String pod) {
    this.pod = pod;
    return this;
  }

  public String getPeer() {
    return peer;
  }

  public ScaleDownStep setPeer(String peer) {
    this.peer = peer;
    return this;
  }

  public String getPhase() {
    return phase;
  }

  public ScaleDownStep setPhase(String phase) {
    this.phase = phase;
    return this;
  }

  public String getStartedAt() {
    return startedAt;
  }

  public ScaleDownStep setStartedAt(String startedAt) {
    this.startedAt = startedAt;
    return this;
  }

  public Integer getTransferred() {
    return transferred;
  }

  public ScaleDownStep setTransferred(Integer transferred) {
    this.transferred = transferred;
    return this;
  }

  public String getMessage() {
    return message;
  }

  public ScaleDownStep setMessage(String message) {
    this.message = message;
    return this;
  }
}
