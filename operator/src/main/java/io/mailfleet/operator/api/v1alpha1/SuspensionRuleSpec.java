package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * When repeated temporary failures suspend delivery to a site; the MTA config's {@code
 * SuspensionRule}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"consecutiveDeferrals", "suspendFor"})
public class SuspensionRuleSpec {

  @JsonPropertyDescription(
      "Consecutive 4xx replies from the site (e.g. 421 rate limiting) that suspend delivery to it.")
  @Default("10")
  @Min(1)
  @Max(10000)
  private Integer consecutiveDeferrals;

  @JsonPropertyDescription(
      "How long delivery to the site pauses before it is tried again, e.g. 15m; longer than 0s.")
  @Default("15m")
  @Size(max = 32)
  @Pattern(SchemaPatterns.DURATION)
  @ValidationRule(
      value = SchemaPatterns.NONZERO_DURATION_RULE,
      message =
          "suspension.suspendFor must be longer than 0s, or the site is never paused: e.g. 15m")
  private String suspendFor;

  public Integer getConsecutiveDeferrals() {
    return consecutiveDeferrals;
  }

  public SuspensionRuleSpec setConsecutiveDeferrals(Integer consecutiveDeferrals) {
    this.consecutiveDeferrals = consecutiveDeferrals;
    return this;
  }

  public String getSuspendFor() {
    return suspendFor;
  }

  public SuspensionRuleSpec setSuspendFor(String suspendFor) {
    this.suspendFor = suspendFor;
    return this;
  }
}
