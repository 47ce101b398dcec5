package io.mailfleet.mta.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.mta.queue.NextHop;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransferPeersTest {

  private final TransferPeers peers =
      new TransferPeers(List.of(".bulk-pods.mail.svc.cluster.local", "10.0.0.7"));

  @Test
  void podsOfTheTierMatchTheSuffixWhateverTheirCaseOrTrailingDot() {
    assertThat(peers.allows(new NextHop("bulk-1.bulk-pods.mail.svc.cluster.local", 2525))).isTrue();
    assertThat(peers.allows(new NextHop("BULK-2.bulk-pods.mail.svc.cluster.local.", 2525)))
        .isTrue();
    assertThat(peers.allows(new NextHop("10.0.0.7", 2525))).isTrue();
  }

  @Test
  void otherHostsAreRefused() {
    assertThat(peers.allows(new NextHop("bulk-pods.mail.svc.cluster.local.evil.example", 25)))
        .isFalse();
    assertThat(peers.allows(new NextHop("evilbulk-pods.mail.svc.cluster.local", 25))).isFalse();
    assertThat(peers.allows(new NextHop("10.0.0.70", 2525))).isFalse();
    assertThat(new TransferPeers(List.of()).allows(new NextHop("10.0.0.7", 2525))).isFalse();
  }
}
