package io.mailfleet.mta.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Spool} implementation promises. An implementation's test class implements this
 * interface and supplies the spool, a restart over the same storage, and the fsyncs it observed.
 */
interface SpoolContract {

  /** The spool under test; the same instance until {@link #crashAndRestart} is called. */
  Spool spool();

  /** Stops the spool as a crash would, applies {@code damage} to its storage, opens it again. */
  Spool crashAndRestart(StorageDamage damage);

  /** Batch sizes of the fsyncs the current spool reported. */
  List<Integer> syncBatches();

  @Test
  default void committedMessageIsRecoveredWithEnvelopeAndContentAfterRestart() throws Exception {
    Envelope envelope = envelope("alice@example.com", "bob@example.org", "carol@example.net");
    byte[] content = content(1, 5_000);
    MessageId id = store(spool(), envelope, content);

    Spool restarted = crashAndRestart(new StorageDamage.None());

    assertThat(restarted.recover())
        .extracting(SpooledMessage::id, SpooledMessage::envelope, SpooledMessage::size)
        .containsExactly(tuple(id, envelope, (long) content.length));
    assertThat(read(restarted, id)).isEqualTo(content);
  }

  @Test
  default void largeMessageWrittenInOddPiecesIsReadBackIntact() throws Exception {
    byte[] content = content(2, 3 * 1024 * 1024 + 17);
    SpoolWriter writer = spool().begin(envelope("a@example.com", "b@example.com"));
    writeInPieces(writer, content, 1_111);
    assertThat(writer.size()).isEqualTo(content.length);
    MessageId id = durable(writer.commit());

    assertThat(read(spool(), id)).isEqualTo(content);
    assertThat(read(crashAndRestart(new StorageDamage.None()), id)).isEqualTo(content);
  }

  @Test
  default void writerCopiesContentSoTheCallerMayReuseItsBuffer() throws Exception {
    SpoolWriter writer = spool().begin(envelope("a@example.com", "b@example.com"));
    ByteBuffer reused = ByteBuffer.wrap("first ".getBytes(StandardCharsets.US_ASCII));
    writer.write(reused);
    reused.clear().put("XXXXXX".getBytes(StandardCharsets.US_ASCII));
    writer.write(ByteBuffer.wrap("second".getBytes(StandardCharsets.US_ASCII)));
    MessageId id = durable(writer.commit());

    assertThat(new String(read(spool(), id), StandardCharsets.US_ASCII)).isEqualTo("first second");
  }

  @Test
  default void abortedMessageIsNeverRecovered() throws Exception {
    SpoolWriter aborted = spool().begin(envelope("a@example.com", "b@example.com"));
    aborted.write(ByteBuffer.wrap(content(3, 200_000)));
    aborted.abort();
    MessageId kept = store(spool(), envelope("c@example.com", "d@example.com"), content(4, 10));

    assertThat(spool().recover()).extracting(SpooledMessage::id).containsExactly(kept);
    assertThat(crashAndRestart(new StorageDamage.None()).recover())
        .extracting(SpooledMessage::id)
        .containsExactly(kept);
  }

  @Test
  default void messageNotYetCommittedIsNotRecoveredAfterCrash() throws Exception {
    SpoolWriter pending = spool().begin(envelope("a@example.com", "b@example.com"));
    pending.write(ByteBuffer.wrap(content(5, 300_000)));
    MessageId committed = store(spool(), envelope("c@example.com", "d@example.com"), content(6, 1));

    assertThat(crashAndRestart(new StorageDamage.None()).recover())
        .extracting(SpooledMessage::id)
        .containsExactly(committed);
  }

  @Test
  default void completedMessageIsGoneAndStaysGoneAfterRestart() throws Exception {
    MessageId done = store(spool(), envelope("a@example.com", "b@example.com"), content(7, 100));
    MessageId open = store(spool(), envelope("a@example.com", "b@example.com"), content(8, 100));

    durable(spool().complete(done));

    assertThat(spool().recover()).extracting(SpooledMessage::id).containsExactly(open);
    assertThat(crashAndRestart(new StorageDamage.None()).recover())
        .extracting(SpooledMessage::id)
        .containsExactly(open);
  }

  @Test
  default void completingAnUnknownOrAlreadyCompletedMessageFails() throws Exception {
    MessageId id = store(spool(), envelope("a@example.com", "b@example.com"), content(9, 10));
    durable(spool().complete(id));

    assertThatThrownBy(() -> durable(spool().complete(id)))
        .hasCauseInstanceOf(UnknownMessageException.class);
    assertThatThrownBy(() -> spool().open(id)).isInstanceOf(UnknownMessageException.class);
  }

  @Test
  default void statsCountCommittedNotCompletedMessagesAndTheirBytes() throws Exception {
    MessageId a = store(spool(), envelope("a@example.com", "b@example.com"), content(10, 1000));
    store(spool(), envelope("a@example.com", "b@example.com"), content(11, 234));
    spool().begin(envelope("a@example.com", "b@example.com")).write(ByteBuffer.allocate(99));

    assertThat(spool().stats()).isEqualTo(new SpoolStats(2, 1234));
    durable(spool().complete(a));
    assertThat(spool().stats()).isEqualTo(new SpoolStats(1, 234));
    assertThat(crashAndRestart(new StorageDamage.None()).stats()).isEqualTo(new SpoolStats(1, 234));
  }

  @Test
  default void recoverListsMessagesOldestFirst() throws Exception {
    List<MessageId> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(store(spool(), envelope("a@example.com", "b@example.com"), content(20 + i, 10)));
    }

    assertThat(crashAndRestart(new StorageDamage.None()).recover())
        .extracting(SpooledMessage::id)
        .containsExactlyElementsOf(ids);
  }

  @Test
  default void concurrentCommitsShareFsyncs() throws Exception {
    int sessions = 32;
    int perSession = 20;
    Spool spool = spool();
    ExecutorService pool = Executors.newFixedThreadPool(sessions);
    try {
      List<CompletableFuture<MessageId>> commits = new ArrayList<>();
      for (int s = 0; s < sessions; s++) {
        int session = s;
        commits.add(
            CompletableFuture.supplyAsync(
                    () -> {
                      List<CompletableFuture<MessageId>> mine = new ArrayList<>();
                      for (int i = 0; i < perSession; i++) {
                        SpoolWriter w = spool.begin(envelope("a@example.com", "b@example.com"));
                        w.write(ByteBuffer.wrap(content(session * 1000 + i, 2048)));
                        mine.add(w.commit());
                      }
                      return mine;
                    },
                    pool)
                .thenCompose(
                    mine -> CompletableFuture.allOf(mine.toArray(CompletableFuture[]::new)))
                .thenApply(v -> null));
      }
      durable(CompletableFuture.allOf(commits.toArray(CompletableFuture[]::new)));
    } finally {
      pool.shutdownNow();
    }

    int total = sessions * perSession;
    assertThat(spool().stats().messages()).isEqualTo(total);
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(syncBatches().stream().mapToInt(Integer::intValue).sum())
                    .as("commits covered by fsyncs")
                    .isEqualTo(total));
    assertThat(syncBatches()).as("fsyncs for %d commits", total).hasSizeLessThan(total);
    assertThat(syncBatches()).anySatisfy(batch -> assertThat(batch).isGreaterThan(1));
  }

  @Test
  default void tornTailIsIgnoredAndEarlierMessagesSurvive() throws Exception {
    byte[] first = content(30, 70_000);
    MessageId kept = store(spool(), envelope("a@example.com", "b@example.com"), first);
    store(spool(), envelope("a@example.com", "b@example.com"), content(31, 500));

    Spool restarted = crashAndRestart(new StorageDamage.TornTail(7));

    assertThat(restarted.recover()).extracting(SpooledMessage::id).containsExactly(kept);
    assertThat(read(restarted, kept)).isEqualTo(first);
  }

  @Test
  default void messageWithCorruptContentIsNeverReadHalf() throws Exception {
    MessageId kept = store(spool(), envelope("a@example.com", "b@example.com"), content(32, 100));
    MessageId corrupt =
        store(spool(), envelope("a@example.com", "b@example.com"), content(33, 50_000));

    Spool restarted = crashAndRestart(new StorageDamage.FlippedByte(20_000));

    // The damaged message stays listed so that delivery bounces it; its content never reads.
    assertThat(restarted.recover()).extracting(SpooledMessage::id).containsExactly(kept, corrupt);
    assertThat(read(restarted, kept)).isEqualTo(content(32, 100));
    assertThatThrownBy(() -> read(restarted, corrupt)).isInstanceOf(DamagedContentException.class);
  }

  @Test
  default void trailingGarbageIsIgnoredAndTheSpoolKeepsWorking() throws Exception {
    MessageId before = store(spool(), envelope("a@example.com", "b@example.com"), content(34, 10));

    Spool restarted = crashAndRestart(new StorageDamage.TrailingGarbage(333));
    byte[] afterContent = content(35, 4000);
    MessageId after = store(restarted, envelope("a@example.com", "b@example.com"), afterContent);
    Spool again = crashAndRestart(new StorageDamage.None());

    assertThat(again.recover()).extracting(SpooledMessage::id).containsExactly(before, after);
    assertThat(read(again, after)).isEqualTo(afterContent);
  }

  @Test
  default void messageIdsStayUniqueAcrossRestarts() throws Exception {
    Set<MessageId> ids = new HashSet<>();
    for (int restart = 0; restart < 3; restart++) {
      Spool s = restart == 0 ? spool() : crashAndRestart(new StorageDamage.None());
      for (int i = 0; i < 10; i++) {
        MessageId id = store(s, envelope("a@example.com", "b@example.com"), content(i, 10));
        durable(s.complete(id));
        assertThat(ids.add(id)).as("id %s is new", id).isTrue();
      }
    }
  }

  @Test
  default void writingAfterCommitIsRefused() throws Exception {
    SpoolWriter writer = spool().begin(envelope("a@example.com", "b@example.com"));
    writer.write(ByteBuffer.allocate(1));
    durable(writer.commit());

    assertThatThrownBy(() -> writer.write(ByteBuffer.allocate(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("committed");
    assertThatThrownBy(writer::commit).isInstanceOf(IllegalStateException.class);
  }

  @Test
  default void closedSpoolIsUnavailableAndRefusesCommits() {
    SpoolWriter writer = spool().begin(envelope("a@example.com", "b@example.com"));
    writer.write(ByteBuffer.allocate(10));
    assertThat(spool().isAvailable()).isTrue();

    spool().close();

    assertThat(spool().isAvailable()).isFalse();
    assertThatThrownBy(() -> durable(writer.commit()))
        .hasCauseInstanceOf(SpoolException.class)
        .hasMessageContaining("closed");
  }

  /** Writes and commits a message, waiting for durability. */
  static MessageId store(Spool spool, Envelope envelope, byte[] content) throws Exception {
    SpoolWriter writer = spool.begin(envelope);
    writeInPieces(writer, content, 8192);
    return durable(writer.commit());
  }

  static void writeInPieces(SpoolWriter writer, byte[] content, int piece) {
    for (int at = 0; at < content.length; at += piece) {
      writer.write(ByteBuffer.wrap(content, at, Math.min(piece, content.length - at)));
    }
  }

  static byte[] read(Spool spool, MessageId id) throws IOException {
    try (InputStream in = spool.open(id)) {
      return in.readAllBytes();
    }
  }

  static Envelope envelope(String sender, String... recipients) {
    return new Envelope(
        sender, List.of(recipients), Instant.now().truncatedTo(ChronoUnit.MICROS), "192.0.2.7");
  }

  /** Deterministic bytes, different for each seed. */
  static byte[] content(int seed, int length) {
    byte[] b = new byte[length];
    new Random(seed).nextBytes(b);
    return b;
  }

  static <T> T durable(CompletableFuture<T> future)
      throws InterruptedException, ExecutionException, TimeoutException {
    return future.get(30, TimeUnit.SECONDS);
  }
}
