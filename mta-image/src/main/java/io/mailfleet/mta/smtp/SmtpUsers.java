package io.mailfleet.mta.smtp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The users who may authenticate with SMTP AUTH, read from a {@code username:password} file (a
 * mounted secret). Only digests are kept in memory, and checks take the same time whether or not
 * the user exists.
 */
public final class SmtpUsers {

  private static final byte[] NO_SUCH_USER = digest("\0no such user\0");

  private final Map<String, byte[]> passwordDigests;

  private SmtpUsers(Map<String, byte[]> passwordDigests) {
    this.passwordDigests = Map.copyOf(passwordDigests);
  }

  /** Reads the users file; blank lines and lines starting with {@code #} are skipped. */
  public static SmtpUsers load(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read SMTP users file " + file, e);
    }
    Map<String, byte[]> digests = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || colon == line.length() - 1) {
        throw new IllegalArgumentException(
            file + " line " + (i + 1) + ": expected username:password");
      }
      digests.put(line.substring(0, colon), digest(line.substring(colon + 1)));
    }
    return new SmtpUsers(digests);
  }

  /** Users given in code (tests, embedding). */
  public static SmtpUsers of(Map<String, String> passwords) {
    Map<String, byte[]> digests = new HashMap<>();
    passwords.forEach((user, password) -> digests.put(user, digest(password)));
    return new SmtpUsers(digests);
  }

  /** Whether the password is this user's. */
  public boolean verify(String user, String password) {
    byte[] expected = passwordDigests.getOrDefault(user, NO_SUCH_USER);
    return MessageDigest.isEqual(expected, digest(password)) && expected != NO_SUCH_USER;
  }

  private static byte[] digest(String password) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
