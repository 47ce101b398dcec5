package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** The daily cap of an address from a given day of its warm-up on. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"day", "dailyCap"})
public class WarmupStep {

  @JsonPropertyDescription("Day since the address first sent, starting at 1.")
  @Required
  @Min(1)
  @Max(365)
  private Integer day;

  @JsonPropertyDescription("Most messages the address may send per day from this day on.")
  @Required
  @Min(1)
  @Max(100000000)
  private Integer dailyCap;

  public Integer getDay() {
    return day;
  }

  public WarmupStep setDay(Integer day) {
    this.day = day;
    return this;
  }

  public Integer getDailyCap() {
    return dailyCap;
  }

  public WarmupStep setDailyCap(Integer dailyCap) {
    this.dailyCap = dailyCap;
    return this;
  }
}
