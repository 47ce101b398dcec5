package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Damping for one direction of scaling. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"stabilizationWindow", "maxStep"})
public class ScalingBehavior {

  @JsonPropertyDescription(
      "The operator acts on the most conservative recommendation seen within this window, e.g. 5m; 0s acts at once. At most 1h.")
  @Required
  @Size(max = 32)
  @Pattern(SchemaPatterns.DURATION)
  // As HorizontalPodAutoscaler bounds it: a longer window would keep a tier from following its
  // load.
  @ValidationRule(
      value =
          "!self.matches('" + SchemaPatterns.DURATION + "') || duration(self) <= duration('1h')",
      message =
          "stabilizationWindow must be at most 1h (as for a HorizontalPodAutoscaler), or the tier stops following its load: e.g. 5m")
  private String stabilizationWindow;

  @JsonPropertyDescription("Most pods added or removed in one step.")
  @Required
  @Min(1)
  @Max(100)
  private Integer maxStep;

  public String getStabilizationWindow() {
    return stabilizationWindow;
  }

  public ScalingBehavior setStabilizationWindow(String stabilizationWindow) {
    this.stabilizationWindow = stabilizationWindow;
    return this;
  }

  public Integer getMaxStep() {
    return maxStep;
  }

  public ScalingBehavior setMaxStep(Integer maxStep) {
    this.maxStep = maxStep;
    return this;
  }
}
