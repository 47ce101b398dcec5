package io.mailfleet.operator.reconciler;

import io.mailfleet.operator.api.v1alpha1.AddressState;
import java.util.Map;

/** Where the SendingIpPool reconciler and the orphan sweep report addresses, for the metrics. */
public interface AddressRecorder {

  /** The addresses of pool {@code namespace/name} by state, replacing what it reported before. */
  void poolAddresses(String namespace, String name, Map<AddressState, Long> byState);

  /** The pool is gone: its addresses are no longer reported. */
  void poolGone(String namespace, String name);

  /** The orphan sweep found {@code count} addresses whose pool no longer exists. */
  void orphansFound(int count);

  /** A recorder that keeps nothing, for tests that do not look at metrics. */
  AddressRecorder NONE =
      new AddressRecorder() {
        @Override
        public void poolAddresses(String namespace, String name, Map<AddressState, Long> byState) {}

        @Override
        public void poolGone(String namespace, String name) {}

        @Override
        public void orphansFound(int count) {}
      };
}
