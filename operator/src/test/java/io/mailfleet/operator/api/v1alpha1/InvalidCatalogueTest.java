package io.mailfleet.operator.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The invalid-manifest catalogue is large enough and each case describes itself. */
class InvalidCatalogueTest {

  @Test
  void catalogueHoldsAtLeastThirtyCases() {
    assertThat(InvalidManifest.catalogue()).hasSizeGreaterThanOrEqualTo(30);
  }

  @Test
  void everyCaseNamesItsRuleAndAMailfleetKind() {
    assertThat(InvalidManifest.catalogue())
        .allSatisfy(
            c -> {
              assertThat(c.rule()).as("rule of %s", c.name()).isNotBlank();
              assertThat(c.expectedMessage())
                  .as("expectation of %s", c.name())
                  .hasSizeGreaterThan(10);
              assertThat(c.refused().getApiVersion()).isEqualTo("mailfleet.io/v1alpha1");
              assertThat(c.setup())
                  .allSatisfy(
                      s ->
                          assertThat(s.getMetadata().getName())
                              .isEqualTo(c.refused().getMetadata().getName()));
            });
  }
}
