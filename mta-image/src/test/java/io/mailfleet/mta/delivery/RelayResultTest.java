package io.mailfleet.mta.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.mta.queue.DeliveryResult;
import io.mailfleet.mta.queue.DeliveryResult.Delivered;
import io.mailfleet.mta.queue.DeliveryResult.PermanentFailure;
import io.mailfleet.mta.queue.DeliveryResult.TransientFailure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How one relayed transaction's per-recipient outcomes sum up for a transfer. */
class RelayResultTest {

  @Test
  void everyRecipientDeliveredIsAccepted() {
    RelayResult outcome =
        RelayResult.of(
            results("a@x.test", new Delivered("250 ok"), "b@x.test", new Delivered("250 ok")));

    assertThat(outcome).isEqualTo(new RelayResult.Accepted("250 ok"));
  }

  @Test
  void someRecipientsRefusedIsRefusedNamingTheOnesThePeerTook() {
    RelayResult outcome =
        RelayResult.of(
            results(
                "a@x.test",
                new Delivered("250 ok"),
                "b@x.test",
                new PermanentFailure("550 5.1.1 unknown")));

    assertThat(outcome)
        .isEqualTo(new RelayResult.Refused(List.of("a@x.test"), "550 5.1.1 unknown"));
  }

  @Test
  void refusedDataLeavesNoRecipientTaken() {
    RelayResult outcome =
        RelayResult.of(
            results(
                "a@x.test",
                new TransientFailure("451 4.3.0 try later"),
                "b@x.test",
                new TransientFailure("451 4.3.0 try later")));

    assertThat(outcome).isEqualTo(new RelayResult.Refused(List.of(), "451 4.3.0 try later"));
  }

  private static Map<String, DeliveryResult> results(
      String first, DeliveryResult one, String second, DeliveryResult two) {
    Map<String, DeliveryResult> results = new LinkedHashMap<>();
    results.put(first, one);
    results.put(second, two);
    return results;
  }
}
