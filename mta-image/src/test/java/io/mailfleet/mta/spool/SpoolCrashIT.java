package io.mailfleet.mta.spool;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.mta.config.Durability;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real JVM loading the spool with SIGKILL in the middle of concurrent commits, then checks
 * the promise: every message whose commit was acknowledged is recovered exactly once, intact, and
 * none whose completion was acknowledged comes back.
 */
class SpoolCrashIT {

  private static final int ACKS_BEFORE_KILL = 400;

  @TempDir Path work;

  @RepeatedTest(10)
  void messageAcknowledgedBeforeKillMinus9IsRecoveredExactlyOnce() throws Exception {
    crashAndCheck(Durability.FSYNC);
  }

  @RepeatedTest(3)
  void batchedModeAlsoSurvivesAProcessKill() throws Exception {
    crashAndCheck(Durability.BATCHED);
  }

  private void crashAndCheck(Durability durability) throws Exception {
    Path spoolDir = work.resolve("spool");
    Map<MessageId, Integer> acked = new HashMap<>();
    Set<MessageId> completing = new HashSet<>();
    Set<MessageId> completed = new HashSet<>();
    try (ChildJvm child =
        ChildJvm.start(
            work, SpoolLoadChild.class.getName(), spoolDir.toString(), durability.name(), "16")) {
      Awaitility.await("child to acknowledge " + ACKS_BEFORE_KILL + " commits")
          .atMost(Duration.ofSeconds(90))
          .failFast("child JVM exited", () -> !child.isAlive())
          .until(
              () ->
                  child.lines().stream().filter(l -> l.startsWith("ACK ")).count()
                      >= ACKS_BEFORE_KILL);
      child.kill();
      for (String line : child.lines()) {
        String[] f = line.split(" ");
        if (f[0].equals("ACK")) {
          acked.put(new MessageId(f[1]), Integer.parseInt(f[2]));
        } else if (f[0].equals("COMPLETING")) {
          completing.add(new MessageId(f[1]));
        } else if (f[0].equals("DONE")) {
          completed.add(new MessageId(f[1]));
        }
      }
    }

    assertThat(acked)
        .as("commits acknowledged before the kill")
        .hasSizeGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
    try (FileSpool recovered =
        FileSpool.open(FileSpoolOptions.of(spoolDir, durability), SpoolObserver.NONE)) {
      List<SpooledMessage> messages = recovered.recover();
      List<MessageId> ids = messages.stream().map(SpooledMessage::id).toList();
      assertThat(ids).as("recovered ids").doesNotHaveDuplicates();
      assertThat(messages.stream().map(m -> m.envelope().sender()).toList())
          .as("recovered senders (one per generated message)")
          .doesNotHaveDuplicates();
      for (Map.Entry<MessageId, Integer> ack : acked.entrySet()) {
        MessageId id = ack.getKey();
        if (completed.contains(id)) {
          assertThat(ids).as("completion of %s was acknowledged", id).doesNotContain(id);
          continue;
        }
        if (completing.contains(id) && !ids.contains(id)) {
          continue; // completion was under way at the kill: gone or kept are both correct
        }
        assertThat(ids).as("acknowledged message %s", id).contains(id);
        SpooledMessage m = messages.get(ids.indexOf(id));
        assertThat(m.envelope()).isEqualTo(SpoolLoadChild.envelopeFor(ack.getValue()));
        assertThat(read(recovered, id))
            .as("content of %s", id)
            .isEqualTo(SpoolLoadChild.contentFor(ack.getValue()));
      }
      for (SpooledMessage m : messages) {
        int seed = Integer.parseInt(m.envelope().sender().replaceAll("\\D", ""));
        assertThat(read(recovered, m.id()))
            .as("content of unacknowledged but committed %s", m.id())
            .isEqualTo(SpoolLoadChild.contentFor(seed));
      }
    }
  }

  private static byte[] read(Spool spool, MessageId id) throws IOException {
    try (InputStream in = spool.open(id)) {
      return in.readAllBytes();
    }
  }
}
