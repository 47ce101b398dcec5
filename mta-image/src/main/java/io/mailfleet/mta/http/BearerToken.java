package io.mailfleet.mta.http;

import io.mailfleet.mta.config.BearerTokenFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token an HTTP listener's clients must present, read from its file at start and again whenever
 * the file changes (a Kubernetes Secret volume swaps its files when the Secret is replaced), so a
 * new token takes effect without a restart. A file that cannot be read later keeps the last token.
 * Thread-safe.
 */
final class BearerToken {

  private static final Logger LOG = LoggerFactory.getLogger(BearerToken.class);

  /** What tells one content of the file from the next: its modification time and inode. */
  private record FileVersion(FileTime modified, Object key) {}

  private final Path file;
  private byte[] digest;
  private FileVersion version;

  private BearerToken(Path file, byte[] digest, FileVersion version) {
    this.file = file;
    this.digest = digest;
    this.version = version;
  }

  /**
   * The token in {@code file}.
   *
   * @throws IllegalArgumentException when the file holds no usable token
   */
  static BearerToken read(Path file) {
    FileVersion version = versionOf(file);
    return new BearerToken(file, sha256(BearerTokenFile.read(file)), version);
  }

  /**
   * Whether {@code presented} is the token. Both sides are compared as SHA-256 digests with {@link
   * MessageDigest#isEqual}, so the time taken says nothing about how much of a guess was right, not
   * even its length.
   */
  boolean matches(String presented) {
    return MessageDigest.isEqual(sha256(presented), current());
  }

  private synchronized byte[] current() {
    FileVersion now = versionOf(file);
    if (!Objects.equals(now, version)) {
      try {
        digest = sha256(BearerTokenFile.read(file));
        LOG.info("bearer token re-read from {}", file);
      } catch (IllegalArgumentException e) {
        LOG.warn("bearer token file changed but {}; keeping the previous token", e.getMessage());
      }
      version = now;
    }
    return digest;
  }

  /** The file's version now, or {@code null} while it cannot be read (the last token stays). */
  private static FileVersion versionOf(Path file) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return new FileVersion(attributes.lastModifiedTime(), attributes.fileKey());
    } catch (IOException e) {
      return null;
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
