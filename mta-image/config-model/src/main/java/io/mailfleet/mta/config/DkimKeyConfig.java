package io.mailfleet.mta.config;

import static io.mailfleet.mta.config.InvalidConfigException.requirePresent;

import java.nio.file.Path;

/**
 * A DKIM signing key: mail whose From domain is {@code domain} or a subdomain of it is signed with
 * it. {@link MountedFiles} reads the key file when the MTA loads its configuration, so a bad one
 * stops the MTA at start with the field named.
 *
 * @param domain the signing domain ({@code d=})
 * @param selector the selector ({@code s=}): the public key is in DNS at {@code
 *     <selector>._domainkey.<domain>}
 * @param keyFile unencrypted PEM, PKCS#8 ({@code BEGIN PRIVATE KEY}: RSA or Ed25519) or PKCS#1
 *     ({@code BEGIN RSA PRIVATE KEY}); the algorithm follows the key type
 */
public record DkimKeyConfig(String domain, String selector, Path keyFile) {

  private static final String LABELS = "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?";

  public DkimKeyConfig {
    if (!requirePresent("domain", domain).matches(LABELS + "(\\." + LABELS + ")*")) {
      throw new InvalidConfigException("domain", "is not a domain name: " + domain);
    }
    if (!requirePresent("selector", selector).matches(LABELS + "(\\." + LABELS + ")*")) {
      throw new InvalidConfigException("selector", "is not a DNS label sequence: " + selector);
    }
    requirePresent("keyFile", keyFile);
  }
}
