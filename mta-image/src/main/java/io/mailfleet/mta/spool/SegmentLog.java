package io.mailfleet.mta.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spool's segments as the writer thread appends to them: the active segment and its write
 * buffer, the segments written since the last sync request, the references messages hold, rolling
 * and reclaiming. Touched by the writer thread only.
 */
final class SegmentLog {

  private static final Logger LOG = LoggerFactory.getLogger(SegmentLog.class);
  private static final int WRITE_BUFFER_BYTES = 1 << 20;

  private final Path dir;
  private final long segmentBytes;
  private final SpoolFiles files;
  private final Map<Long, Segment> segments;
  private final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(WRITE_BUFFER_BYTES);
  private final Set<Segment> unsynced = new LinkedHashSet<>();
  private final Set<Segment> journalsTouched = new LinkedHashSet<>();
  private Segment active;

  SegmentLog(
      Path dir, long segmentBytes, SpoolFiles files, Map<Long, Segment> segments, Segment active) {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    this.files = files;
    this.segments = segments;
    this.active = active;
  }

  /** The number of the segment records are appended to. */
  long activeNumber() {
    return active.number;
  }

  /** Appends a record through the write buffer; returns the segment offset where it starts. */
  long append(RecordType type, long key, ByteBuffer payload) throws IOException {
    if (active.abandoned) {
      roll();
    }
    int bytes = RecordFormat.recordBytes(payload.remaining());
    if (writeBuffer.remaining() < bytes) {
      flush();
    }
    long offset = active.size + writeBuffer.position();
    if (bytes > writeBuffer.capacity()) {
      ByteBuffer big = ByteBuffer.allocate(bytes);
      RecordFormat.putRecord(big, type, key, payload);
      active.append(big.flip());
    } else {
      RecordFormat.putRecord(writeBuffer, type, key, payload);
    }
    unsynced.add(active);
    return offset;
  }

  /** Appends the completion record of {@code m} to the journal of its home segment. */
  void appendDone(StoredMessage m) throws IOException {
    Segment home = segments.get(m.home());
    ByteBuffer rec = ByteBuffer.allocate(RecordFormat.DONE_BYTES);
    RecordFormat.putDone(rec, m.key());
    home.appendDone(rec.flip());
    journalsTouched.add(home);
  }

  void flush() throws IOException {
    if (writeBuffer.position() > 0) {
      try {
        active.append(writeBuffer.flip());
      } finally {
        writeBuffer.clear();
      }
    }
  }

  /** Drops what the buffer holds: a write failed, and it belongs to what that failure fails. */
  void discardBuffer() {
    writeBuffer.clear();
  }

  /** Content written, not yet handed to the fsync thread. */
  boolean hasUnsyncedSegments() {
    return !unsynced.isEmpty();
  }

  /** Content or completion records written, not yet handed to the fsync thread. */
  boolean hasUnsyncedWrites() {
    return !unsynced.isEmpty() || !journalsTouched.isEmpty();
  }

  /** The segments written since the last request, now pending a sync. */
  List<Segment> takeUnsynced() {
    return take(unsynced);
  }

  /** The completion journals written since the last request, now pending a sync. */
  List<Segment> takeJournalsTouched() {
    return take(journalsTouched);
  }

  private static List<Segment> take(Set<Segment> written) {
    List<Segment> taken = new ArrayList<>(written);
    taken.forEach(s -> s.pendingSyncs++);
    written.clear();
    return taken;
  }

  /** The fsync thread is done with this request, whether it succeeded or not. */
  void syncFinished(SyncRequest r) {
    r.segments().forEach(seg -> seg.pendingSyncs--);
    r.journals().forEach(seg -> seg.pendingSyncs--);
  }

  /** The fsync thread made these requests durable: their completed messages free segments. */
  void synced(List<SyncRequest> requests) throws IOException {
    for (SyncRequest r : requests) {
      syncFinished(r);
      r.completed().forEach(c -> release(c.message().segments()));
    }
    reclaim();
  }

  /** Append no more to the active segment: the next append rolls to a fresh one. */
  void abandonActive() {
    active.abandoned = true;
  }

  /** Starts a new segment once the active one is full; the old one is forced with the next sync. */
  void rollIfFull() throws IOException {
    if (active.size >= segmentBytes) {
      roll();
    }
  }

  /** Starts the next segment; the old one is forced with the next sync. */
  private void roll() throws IOException {
    flush();
    Segment next = Segment.create(dir, active.number + 1, files);
    segments.put(next.number, next);
    Segment old = active;
    active = next;
    LOG.debug(
        "spool segment {} closed for appends at {} bytes; now appending to {}",
        old.number,
        old.size,
        next.number);
    reclaim();
  }

  /** Records in {@code held} that the message needs the active segment. */
  void holdActive(Set<Long> held) {
    if (held.add(active.number)) {
      active.refs++;
    }
  }

  void release(Set<Long> held) {
    for (long n : held) {
      Segment s = segments.get(n);
      if (s != null) {
        s.refs--;
      }
    }
  }

  /** Deletes full segments no message needs and no fsync is pending on. */
  private void reclaim() throws IOException {
    List<Segment> free = new ArrayList<>();
    for (Segment s : segments.values()) {
      if (s != active
          && s.refs <= 0
          && s.pendingSyncs == 0
          && !unsynced.contains(s)
          && !journalsTouched.contains(s)) {
        free.add(s);
      }
    }
    for (Segment s : free) {
      segments.remove(s.number);
      s.delete();
      LOG.debug("spool segment {} reclaimed", s.number);
    }
  }

  void closeAll() throws IOException {
    for (Segment s : segments.values()) {
      s.close();
    }
  }
}
