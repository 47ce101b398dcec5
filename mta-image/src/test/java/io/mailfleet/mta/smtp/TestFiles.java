package io.mailfleet.mta.smtp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small files the configuration records insist on being readable. */
final class TestFiles {

  private TestFiles() {}

  /** A users file holding {@code app:s3cret}. */
  static Path usersFile() {
    try {
      Path file = Files.createTempFile("smtp-users", ".txt");
      file.toFile().deleteOnExit();
      Files.writeString(file, "# test users\napp:s3cret\n");
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
