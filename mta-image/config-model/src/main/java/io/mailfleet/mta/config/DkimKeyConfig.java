package io.mailfleet.mta.config;

import static io.mailfleet.mta.config.InvalidConfigException.requirePresent;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A DKIM signing key: mail whose From domain is {@code domain} or a subdomain of it is signed with
 * it, but only when whoever handed the message in may use the domain (ADR 0017): its envelope
 * sender's domain is one of {@code senderDomains} (or below one), or its SMTP AUTH user is one of
 * {@code authenticatedUsers}. Anything else goes out unsigned. {@link MountedFiles} reads the key
 * file when the MTA loads its configuration, so a bad one stops the MTA at start with the field
 * named.
 *
 * @param domain the signing domain ({@code d=})
 * @param selector the selector ({@code s=}): the public key is in DNS at {@code
 *     <selector>._domainkey.<domain>}
 * @param keyFile unencrypted PEM, PKCS#8 ({@code BEGIN PRIVATE KEY}: RSA or Ed25519) or PKCS#1
 *     ({@code BEGIN RSA PRIVATE KEY}); the algorithm follows the key type
 * @param senderDomains envelope sender (MAIL FROM) domains allowed the key, each with its
 *     subdomains, lower case; when unset, {@code domain} itself, so a key signs its own domain's
 *     mail; empty: no sender domain is
 * @param authenticatedUsers SMTP AUTH user names allowed the key whatever their envelope sender;
 *     none when unset
 */
public record DkimKeyConfig(
    String domain,
    String selector,
    Path keyFile,
    List<String> senderDomains,
    List<String> authenticatedUsers) {

  private static final String LABELS = "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?";
  private static final String DOMAIN = LABELS + "(\\." + LABELS + ")*";

  public DkimKeyConfig {
    if (!requirePresent("domain", domain).matches(DOMAIN)) {
      throw new InvalidConfigException("domain", "is not a domain name: " + domain);
    }
    if (!requirePresent("selector", selector).matches(DOMAIN)) {
      throw new InvalidConfigException("selector", "is not a DNS label sequence: " + selector);
    }
    requirePresent("keyFile", keyFile);
    senderDomains =
        senderDomains == null
            ? List.of(domain.toLowerCase(Locale.ROOT))
            : senderDomains.stream().map(DkimKeyConfig::senderDomain).toList();
    authenticatedUsers =
        authenticatedUsers == null
            ? List.of()
            : authenticatedUsers.stream().map(DkimKeyConfig::user).toList();
  }

  /** A key for {@code domain} that signs only mail with an envelope sender in that domain. */
  public static DkimKeyConfig ownDomain(String domain, String selector, Path keyFile) {
    return new DkimKeyConfig(domain, selector, keyFile, null, null);
  }

  private static String senderDomain(String domain) {
    if (domain == null || !domain.matches(DOMAIN)) {
      throw new InvalidConfigException("senderDomains", "is not a domain name: " + domain);
    }
    return domain.toLowerCase(Locale.ROOT);
  }

  private static String user(String user) {
    if (user == null || user.isBlank()) {
      throw new InvalidConfigException("authenticatedUsers", "holds an empty user name");
    }
    return user;
  }
}
