package io.mailfleet.mta.delivery;

import io.mailfleet.mta.config.TlsPolicy;

/** What to do after EHLO, given the TLS policy and whether the server offered STARTTLS. */
enum StartTlsStep {
  /** Say STARTTLS, then EHLO again over TLS. */
  START_TLS,
  /** Go on without TLS: the policy allows it and the server offers none. */
  CLEAR_TEXT,
  /** Send nothing: the policy forbids clear text and the server offers no TLS. */
  DEFER;

  static StartTlsStep decide(TlsPolicy policy, boolean offered) {
    if (offered) {
      return START_TLS;
    }
    return policy.allowsClearText() ? CLEAR_TEXT : DEFER;
  }
}
