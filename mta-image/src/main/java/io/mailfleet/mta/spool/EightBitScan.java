package io.mailfleet.mta.spool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds an octet above 127 in content, eight octets at a time (it runs on every octet received).
 */
final class EightBitScan {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());
  private static final long HIGH_BITS = 0x8080808080808080L;

  private EightBitScan() {}

  /** Whether any of {@code length} octets of {@code content} from {@code offset} is above 127. */
  static boolean any(byte[] content, int offset, int length) {
    int i = offset;
    int end = offset + length;
    for (; i + 8 <= end; i += 8) {
      if (((long) LONGS.get(content, i) & HIGH_BITS) != 0) {
        return true;
      }
    }
    for (; i < end; i++) {
      if (content[i] < 0) {
        return true;
      }
    }
    return false;
  }
}
