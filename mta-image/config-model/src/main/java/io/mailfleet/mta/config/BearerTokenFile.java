package io.mailfleet.mta.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the bearer token of an HTTP listener from its file: the whole file, without the surrounding
 * whitespace a trailing newline adds ({@code echo token > file}, a Secret written by hand).
 */
public final class BearerTokenFile {

  /** Visible ASCII only: what an {@code Authorization} header can carry unchanged. */
  private static final String TOKEN_CHARACTERS = "[\\x21-\\x7e]+";

  private BearerTokenFile() {}

  /**
   * The token in {@code file}.
   *
   * @throws IllegalArgumentException when the file cannot be read, is empty, or holds more than one
   *     visible ASCII word
   */
  public static String read(Path file) {
    String token;
    try {
      token = Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read file " + file, e);
    }
    if (token.isEmpty()) {
      throw new IllegalArgumentException("holds no token: " + file + " is empty");
    }
    if (!token.matches(TOKEN_CHARACTERS)) {
      throw new IllegalArgumentException(
          "holds no usable token: " + file + " must hold one word of visible ASCII characters");
    }
    return token;
  }
}
