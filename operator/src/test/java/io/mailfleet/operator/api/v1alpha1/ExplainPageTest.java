package io.mailfleet.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading kubectl explain's output, as printed by kubectl 1.34. */
class ExplainPageTest {

  private static final String RECURSIVE =
      """
      GROUP:      mailfleet.io
      KIND:       DeliveryTier
      VERSION:    v1alpha1

      FIELD: spec <Object>

      DESCRIPTION:
          What the DeliveryTier should be.

      FIELDS:
        clusterRef\t<Object> -required-
          name\t<string> -required-
        paused\t<boolean>
        scaling\t<Object>
          mode\t<string>
          enum: Auto, External
          scaleDown\t<Object>
            maxStep\t<integer> -required-
        shaping\t<[]Object>
          domains\t<[]string>
      """;

  private static final String PAGE =
      """
      FIELDS:
        deletionProtection\t<boolean>
          Turn on AWS deletion protection.

        scheme\t<string>
        enum: internal, internet-facing
          internet-facing takes mail from the Internet.

        subnets\t<[]string>
          <no description>

        tags\t<map[string]string>
      """;

  @Test
  void recursiveTreeYieldsEveryObjectFieldAsAPage() {
    assertThat(ExplainPage.objectPaths("deliverytier.spec", RECURSIVE))
        .containsExactly(
            "deliverytier.spec",
            "deliverytier.spec.clusterRef",
            "deliverytier.spec.scaling",
            "deliverytier.spec.scaling.scaleDown",
            "deliverytier.spec.shaping");
  }

  @Test
  void fieldsShownWithoutDescriptionAreReported() {
    assertThat(ExplainPage.fieldsWithoutDescription(PAGE)).containsExactly("subnets", "tags");
  }
}
