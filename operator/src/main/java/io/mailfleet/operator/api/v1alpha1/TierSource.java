package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Where else a tier takes mail from besides SMTP. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"sqs"})
public class TierSource {

  @JsonPropertyDescription(
      "An SQS queue of messages to send. A message is deleted from the queue only after it is durable in a spool.")
  private SqsSource sqs;

  public SqsSource getSqs() {
    return sqs;
  }

  public TierSource setSqs(SqsSource sqs) {
    this.sqs = sqs;
    return this;
  }
}
