package io.mailfleet.mta.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/** Opens the files the spool writes; tests substitute channels that fail like a full disk. */
@FunctionalInterface
interface SpoolFiles {

  /** The real file system. */
  SpoolFiles DISK = FileChannel::open;

  FileChannel open(Path file, OpenOption... options) throws IOException;
}
