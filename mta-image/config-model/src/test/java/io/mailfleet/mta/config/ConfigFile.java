package io.mailfleet.mta.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes YAML to an {@code mta.yaml} file and loads it as the MTA would at start. */
final class ConfigFile {

  private ConfigFile() {}

  static MtaConfig load(Path dir, String yaml) throws IOException {
    Path file = dir.resolve("mta.yaml");
    Files.writeString(file, yaml);
    return new ConfigLoader().load(file);
  }
}
