package io.mailfleet.mta.spool;

import java.util.List;

/**
 * What the writer thread hands the fsync thread after a batch: the files to force and what to do
 * once they are forced.
 *
 * @param segments segments appended to since the previous request
 * @param journals completion journals appended to since the previous request
 * @param committed messages to publish once durable (empty in BATCHED mode: published at write)
 * @param completed completions whose records must be durable before their segments go (kept and
 *     written again when the fsync fails)
 * @param acks futures to complete once durable (empty in BATCHED mode: completed at write); a
 *     failed fsync fails only the commits among them
 * @param commits commits written since the previous request, for the batch size metric
 */
record SyncRequest(
    List<Segment> segments,
    List<Segment> journals,
    List<StoredMessage> committed,
    List<Completion> completed,
    List<PendingAck> acks,
    int commits) {

  SyncRequest {
    segments = List.copyOf(segments);
    journals = List.copyOf(journals);
    committed = List.copyOf(committed);
    completed = List.copyOf(completed);
    acks = List.copyOf(acks);
  }
}
