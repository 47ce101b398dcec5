package io.mailfleet.mta.config;

/**
 * SMTP AUTH (PLAIN and LOGIN, RFC 4954).
 *
 * @param usersFile lines of {@code username:password} (a mounted secret); {@code #} starts a
 *     comment
 * @param requireTls offer AUTH only on encrypted sessions, so passwords never cross in clear; true
 *     when not given
 */
public record AuthConfig(java.nio.file.Path usersFile, Boolean requireTls) {

  public AuthConfig {
    requireTls = requireTls == null ? Boolean.TRUE : requireTls;
    InvalidConfigException.requirePresent("usersFile", usersFile);
  }
}
