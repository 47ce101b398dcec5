package io.mailfleet.mta.dkim;

import java.security.PrivateKey;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A signing key for one domain: mail whose From domain is {@code domain} or below it is signed with
 * {@code d=domain; s=selector}, when its {@link Originator} is allowed the key (ADR 0017).
 *
 * @param domain the signing domain ({@code d=}), lower case
 * @param selector the selector ({@code s=}); the public key is published at {@code
 *     selector._domainkey.domain}
 * @param privateKey the private key; its type decides the algorithm
 * @param senderDomains envelope sender domains allowed the key, each with its subdomains, lower
 *     case
 * @param authenticatedUsers SMTP AUTH users allowed the key whatever their envelope sender
 */
public record DkimKey(
    String domain,
    String selector,
    PrivateKey privateKey,
    List<String> senderDomains,
    Set<String> authenticatedUsers) {

  public DkimKey {
    domain = Objects.requireNonNull(domain, "domain").toLowerCase(Locale.ROOT);
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(privateKey, "privateKey");
    DkimAlgorithm.of(privateKey);
    senderDomains = senderDomains.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList();
    authenticatedUsers = Set.copyOf(authenticatedUsers);
  }

  /** A key that signs only for envelope senders in its own domain (and below), the default. */
  public DkimKey(String domain, String selector, PrivateKey privateKey) {
    this(domain, selector, privateKey, List.of(domain), Set.of());
  }

  /** The algorithm the key signs with. */
  public DkimAlgorithm algorithm() {
    return DkimAlgorithm.of(privateKey);
  }

  /** Whether this key may sign for {@code fromDomain}: the same domain or a subdomain. */
  boolean covers(String fromDomain) {
    return within(fromDomain, domain);
  }

  /**
   * Whether {@code originator} may have its mail signed with this key: this MTA's own bounces, a
   * listed authenticated user, or an envelope sender in a listed domain.
   */
  boolean allows(Originator originator) {
    return originator.writtenHere()
        || authenticatedUsers.contains(originator.authenticatedUser())
        || senderDomains.stream().anyMatch(d -> within(originator.senderDomain(), d));
  }

  private static boolean within(String name, String domain) {
    return name.equals(domain) || name.endsWith("." + domain);
  }
}
