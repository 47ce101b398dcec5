package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Daily sending caps for each address by the number of days since it first sent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schedule"})
public class WarmupSpec {

  @JsonPropertyDescription(
      "Steps in order of day, starting at day 1. A step's cap holds until the next step's day; after the last step there is no cap.")
  @Required
  @Size(min = 1, max = 60)
  // Pairwise rather than neighbour checks: CEL has no list index iteration, and at 60 steps the
  // quadratic cost stays far inside the API server's budget.
  @ValidationRule(
      value = "self.exists(s, s.day == 1)",
      message = "warmup.schedule needs a step for day 1, the first day an address sends")
  @ValidationRule(
      value = "self.map(s, s.day).isSorted() && self.all(a, self.exists_one(b, b.day == a.day))",
      message = "warmup.schedule must list each day once, in increasing order of day")
  @ValidationRule(
      value = "self.all(a, self.all(b, a.day >= b.day || a.dailyCap <= b.dailyCap))",
      message =
          "warmup.schedule caps must not decrease from one day to a later one: raise the later dailyCap or lower the earlier one")
  private List<WarmupStep> schedule;

  public List<WarmupStep> getSchedule() {
    return schedule;
  }

  public WarmupSpec setSchedule(List<WarmupStep> schedule) {
    this.schedule = schedule;
    return this;
  }
}
