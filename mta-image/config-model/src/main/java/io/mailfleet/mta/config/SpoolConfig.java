package io.mailfleet.mta.config;

import static io.mailfleet.mta.config.InvalidConfigException.requirePresent;

import java.nio.file.Path;

/**
 * Where and how durably messages are stored.
 *
 * @param directory the spool directory (a persistent volume in Kubernetes)
 * @param durability {@code FSYNC} (default: 250 only once the message is on disk) or {@code
 *     BATCHED} (periodic fsync; a node crash can lose acknowledged mail)
 */
public record SpoolConfig(Path directory, Durability durability) {

  public SpoolConfig {
    requirePresent("directory", directory);
    requirePresent("durability", durability);
  }
}
