package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Where else a tier takes mail from besides SMTP. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"sqs"})
public class TierSource {

  @JsonPropertyDescription(
      "An SQS queue of messages to send, each body the JSON of the MTA's injection API: {\"sender\", \"recipients\", \"message\"} (docs/sqs-source.md). A message is deleted from the queue only after it is durable in a spool (at least once); a malformed body is counted, logged and deleted. The pods use the operator's AWS region and endpoint and get credentials from their ServiceAccount (IRSA).")
  private SqsSource sqs;

  public SqsSource getSqs() {
    return sqs;
  }

  public TierSource setSqs(SqsSource sqs) {
    this.sqs = sqs;
    return this;
  }
}
