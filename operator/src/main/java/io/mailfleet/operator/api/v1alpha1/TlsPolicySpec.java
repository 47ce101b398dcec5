package io.mailfleet.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How an MTA uses STARTTLS towards a destination site, spelled as Kubernetes spells enum values;
 * the MTA config's {@code TlsPolicy}.
 */
public enum TlsPolicySpec {
  /** Use STARTTLS when the site offers it, else send in clear text. */
  @JsonProperty("Opportunistic")
  OPPORTUNISTIC,

  /** Never send in clear text: defer the message when the site offers no STARTTLS. */
  @JsonProperty("Required")
  REQUIRED,

  /** Like Required, and the certificate must be valid for the MX host name. */
  @JsonProperty("Verified")
  VERIFIED;
}
