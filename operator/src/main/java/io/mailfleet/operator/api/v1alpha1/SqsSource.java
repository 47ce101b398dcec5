package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** An SQS queue that feeds a tier. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"queueUrl", "concurrency"})
public class SqsSource {

  @JsonPropertyDescription(
      "URL of the queue, e.g. https://sqs.eu-west-1.amazonaws.com/123456789012/bulk-mail.")
  @Required
  @Size(max = 512)
  @Pattern(SchemaPatterns.SQS_QUEUE_URL)
  private String queueUrl;

  @JsonPropertyDescription("Concurrent receive loops per pod.")
  @Default("4")
  @Min(1)
  @Max(64)
  private Integer concurrency;

  public String getQueueUrl() {
    return queueUrl;
  }

  public SqsSource setQueueUrl(String queueUrl) {
    this.queueUrl = queueUrl;
    return this;
  }

  public Integer getConcurrency() {
    return concurrency;
  }

  public SqsSource setConcurrency(Integer concurrency) {
    this.concurrency = concurrency;
    return this;
  }
}
