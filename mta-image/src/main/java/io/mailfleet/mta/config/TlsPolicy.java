package io.mailfleet.mta.config;

/** How the outbound client uses STARTTLS towards a destination site. */
public enum TlsPolicy {
  /** Use STARTTLS when the site offers it, else send in clear text. */
  OPPORTUNISTIC,
  /** Never send in clear text: defer the message when the site offers no STARTTLS. */
  REQUIRED,
  /** Like REQUIRED, and the certificate must be valid for the MX host name. */
  VERIFIED
}
