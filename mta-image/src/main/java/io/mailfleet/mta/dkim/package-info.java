/**
 * DKIM signing (RFC 6376) of outgoing mail: keys read from PEM files, relaxed/relaxed
 * canonicalization, {@code rsa-sha256} and {@code ed25519-sha256} (RFC 8463). The body hash is
 * computed while streaming; only the header section is held in memory, and only up to a bound.
 */
package io.mailfleet.mta.dkim;
