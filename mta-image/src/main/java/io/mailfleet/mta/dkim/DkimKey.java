package io.mailfleet.mta.dkim;

import java.security.PrivateKey;
import java.util.Locale;
import java.util.Objects;

/**
 * A signing key for one domain: mail whose From domain is {@code domain} or below it is signed with
 * {@code d=domain; s=selector}.
 *
 * @param domain the signing domain ({@code d=}), lower case
 * @param selector the selector ({@code s=}); the public key is published at {@code
 *     selector._domainkey.domain}
 * @param privateKey the private key; its type decides the algorithm
 */
public record DkimKey(String domain, String selector, PrivateKey privateKey) {

  public DkimKey {
    domain = Objects.requireNonNull(domain, "domain").toLowerCase(Locale.ROOT);
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(privateKey, "privateKey");
    DkimAlgorithm.of(privateKey);
  }

  /** The algorithm the key signs with. */
  public DkimAlgorithm algorithm() {
    return DkimAlgorithm.of(privateKey);
  }

  /** Whether this key may sign for {@code fromDomain}: the same domain or a subdomain. */
  boolean covers(String fromDomain) {
    return fromDomain.equals(domain) || fromDomain.endsWith("." + domain);
  }
}
