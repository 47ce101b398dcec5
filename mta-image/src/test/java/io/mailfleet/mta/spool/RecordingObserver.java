package io.mailfleet.mta.spool;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers the batch size of every fsync a spool reports. */
final class RecordingObserver implements SpoolObserver {

  private final List<Integer> batches = new CopyOnWriteArrayList<>();

  @Override
  public void fsynced(Duration latency, int batchSize) {
    batches.add(batchSize);
  }

  /** Batch sizes, one per fsync, in order. */
  List<Integer> batches() {
    return List.copyOf(batches);
  }
}
