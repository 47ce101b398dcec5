package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** When a temporarily failed delivery is tried again, and when the message bounces. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schedule", "maxAge"})
// Durations are compared as durations, not strings: 300s and 5m are the same wait. Each rule that
// converts with duration() first checks the strings are durations at all, and a rule that reads
// schedule[0] that the list is not empty: a failed pattern or minItems is refused on its own,
// without a CEL evaluation error ("index out of bounds") next to it.
@ValidationRule(
    value =
        "!has(self.schedule) || !self.schedule.all(d, d.matches('"
            + SchemaPatterns.DURATION
            + "')) || (self.schedule.map(d, duration(d)).isSorted() && self.schedule.all(d, self.schedule.exists_one(e, duration(e) == duration(d))))",
    message =
        "retry.schedule must be strictly increasing, e.g. [5m, 15m, 1h]: make each wait longer than the one before",
    fieldPath = ".schedule")
@ValidationRule(
    value =
        "!has(self.maxAge) || !has(self.schedule) || size(self.schedule) == 0 || !self.maxAge.matches('"
            + SchemaPatterns.DURATION
            + "') || !self.schedule[0].matches('"
            + SchemaPatterns.DURATION
            + "') || duration(self.maxAge) > duration(self.schedule[0])",
    message =
        "retry.maxAge must be longer than the first wait in retry.schedule, or messages bounce before their first retry: raise maxAge or shorten the first wait",
    fieldPath = ".maxAge")
public class RetryPolicy {

  @JsonPropertyDescription(
      "Waits between delivery attempts after a temporary (4xx) failure, each a duration such as 5m or 2h, longer than 0s and strictly increasing. The last wait repeats until maxAge.")
  @Size(min = 1, max = 20)
  // A duration string is zero exactly when it holds no digit from 1 to 9.
  @ValidationRule(
      value = "self.all(d, d.matches('[1-9]'))",
      message =
          "retry.schedule waits must be longer than 0s, or a failed delivery is retried at once in a loop: e.g. start with 1m")
  private List<@Size(max = 32) @Pattern(SchemaPatterns.DURATION) String> schedule;

  @JsonPropertyDescription(
      "How long a message may stay queued before it bounces as undeliverable, e.g. 72h. Must be longer than the first wait (and than 0s).")
  @Size(max = 32)
  @Pattern(SchemaPatterns.DURATION)
  @ValidationRule(
      value = SchemaPatterns.NONZERO_DURATION_RULE,
      message =
          "retry.maxAge must be longer than 0s, or every message that is not delivered at the first attempt bounces: e.g. 72h")
  private String maxAge;

  public List<@Size(max = 32) @Pattern(SchemaPatterns.DURATION) String> getSchedule() {
    return schedule;
  }

  public RetryPolicy setSchedule(
      List<@Size(max = 32) @Pattern(SchemaPatterns.DURATION) String> schedule) {
    this.schedule = schedule;
    return this;
  }

  public String getMaxAge() {
    return maxAge;
  }

  public RetryPolicy setMaxAge(String maxAge) {
    this.maxAge = maxAge;
    return this;
  }
}
