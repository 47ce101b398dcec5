package io.mailfleet.mta.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MxRecordTest {

  @Test
  void exchangersAreOrderedByPreferenceLowestFirst() {
    List<MxRecord> records =
        List.of(
            new MxRecord(30, "c.example."),
            new MxRecord(10, "a.example."),
            new MxRecord(20, "b.example."));

    assertThat(MxRecord.inOrder(records, new SplittableRandom(1)))
        .containsExactly("a.example", "b.example", "c.example");
  }

  @Test
  void equalPreferencesAreTriedInVaryingOrderButAfterLowerOnes() {
    List<MxRecord> records =
        List.of(
            new MxRecord(10, "x.example"),
            new MxRecord(10, "y.example"),
            new MxRecord(5, "first.example"));
    Set<List<String>> orders = new HashSet<>();
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 100; i++) {
      List<String> order = MxRecord.inOrder(records, random);
      assertThat(order.get(0)).isEqualTo("first.example");
      orders.add(order);
    }
    assertThat(orders).hasSize(2);
  }

  @Test
  void duplicateExchangersAreTriedOnceCaseInsensitively() {
    assertThat(
            MxRecord.inOrder(
                List.of(new MxRecord(10, "MX.example"), new MxRecord(20, "mx.example")),
                new SplittableRandom(1)))
        .containsExactly("mx.example");
  }

  @Test
  void singleRootExchangerIsANullMx() {
    assertThat(MxRecord.declaresNoService(List.of(new MxRecord(0, ".")))).isTrue();
    assertThat(new MxRecord(0, ".").isNull()).isTrue();
  }

  @Test
  void nullMxAmongOtherRecordsIsIgnored() {
    List<MxRecord> records = List.of(new MxRecord(0, "."), new MxRecord(10, "mx.example"));

    assertThat(MxRecord.declaresNoService(records)).isFalse();
    assertThat(MxRecord.inOrder(records, new SplittableRandom(1))).containsExactly("mx.example");
  }
}
