package io.mailfleet.mta.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mailfleet.mta.queue.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DailySendsFileTest {

  private static final Duration RARELY = Duration.ofHours(1);

  @TempDir Path dir;

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-28T12:00:00Z"));

  @Test
  void countsWrittenAtCloseAreReadBackTheSameDay() {
    Path file = dir.resolve(DailySendsFile.NAME);
    DailySends sends = new DailySends(clock, null);
    sends.add("cold", 42);
    DailySendsFile.start(file, sends, RARELY).close();

    DailySends restored = new DailySends(clock, DailySendsFile.read(file));

    assertThat(restored.sentToday("cold")).isEqualTo(42);
    assertThat(restored.sentToday("other")).isZero();
  }

  @Test
  void countsOfAnEarlierDayAreNotRestored() {
    Path file = dir.resolve(DailySendsFile.NAME);
    DailySends sends = new DailySends(clock, null);
    sends.add("cold", 42);
    DailySendsFile.start(file, sends, RARELY).close();
    clock.advance(Duration.ofDays(1));

    DailySends restored = new DailySends(clock, DailySendsFile.read(file));

    assertThat(restored.day()).isEqualTo(LocalDate.parse("2026-11-29"));
    assertThat(restored.sentToday("cold")).isZero();
  }

  @Test
  void countsAreWrittenPeriodicallyWithoutATempFileLeftBehind() {
    Path file = dir.resolve(DailySendsFile.NAME);
    DailySends sends = new DailySends(clock, null);
    try (DailySendsFile writer = DailySendsFile.start(file, sends, Duration.ofMillis(50))) {
      sends.add("cold", 7);

      await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () -> {
                DailySends.Snapshot stored = DailySendsFile.read(file);
                return stored != null && stored.sent().equals(Map.of("cold", 7L));
              });
    }
    assertThat(dir.resolve(DailySendsFile.NAME + ".tmp")).doesNotExist();
  }

  @Test
  void laterWriteReplacesTheFileAndIsReadBackAfterTheRename() {
    // The directory fsync after the rename cannot be observed here (only a power cut shows it);
    // this checks the write path that now ends with it still leaves the new counts readable.
    Path file = dir.resolve(DailySendsFile.NAME);
    DailySends sends = new DailySends(clock, null);
    try (DailySendsFile writer = DailySendsFile.start(file, sends, RARELY)) {
      sends.add("cold", 5);
      writer.write();
      sends.add("cold", 6);
      writer.write();

      assertThat(DailySendsFile.read(file).sent()).isEqualTo(Map.of("cold", 11L));
      assertThat(dir.resolve(DailySendsFile.NAME + ".tmp")).doesNotExist();
    }
  }

  @Test
  void unreadableFileStartsTheDayFromZero() throws IOException {
    Path file = dir.resolve(DailySendsFile.NAME);
    Files.writeString(file, "{not json");

    assertThat(DailySendsFile.read(file)).isNull();
    assertThat(DailySendsFile.read(dir.resolve("missing.json"))).isNull();
  }
}
