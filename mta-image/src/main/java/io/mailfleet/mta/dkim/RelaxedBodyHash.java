package io.mailfleet.mta.dkim;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SHA-256 hash of a body under the "relaxed" body canonicalization (RFC 6376 3.4.4), fed in
 * chunks of any size: whitespace at line ends is dropped, runs of it become one space, empty lines
 * at the end are dropped, and a non-empty body ends with exactly one CRLF. Empty lines are counted,
 * not buffered, so memory stays constant however the body looks.
 */
final class RelaxedBodyHash {

  private static final byte[] CRLF = {'\r', '\n'};

  private final MessageDigest digest;
  private final byte[] out = new byte[8192];
  private int used;
  private boolean space;
  private boolean carriageReturn;
  private long pendingLineEnds;
  private boolean anyContent;

  RelaxedBodyHash() {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }

  /** Feeds {@code length} body octets. */
  void update(byte[] chunk, int offset, int length) {
    int end = offset + length;
    int i = offset;
    while (i < end) {
      if (!carriageReturn) {
        // Runs of ordinary octets go in at once: octet by octet costs more than the SHA-256.
        int run = i;
        while (run < end && ordinary(chunk[run])) {
          run++;
        }
        if (run > i) {
          content(chunk, i, run - i);
          i = run;
          continue;
        }
      }
      byte b = chunk[i++];
      if (carriageReturn) {
        carriageReturn = false;
        if (b == '\n') {
          endLine();
          continue;
        }
        content((byte) '\r');
      }
      if (b == '\r') {
        carriageReturn = true;
      } else if (b == '\n') {
        endLine();
      } else if (b == ' ' || b == '\t') {
        space = true;
      } else {
        content(b);
      }
    }
  }

  /** Ends the body and returns its hash; the instance is used up. */
  byte[] finish() {
    if (carriageReturn) {
      content((byte) '\r');
    }
    if (anyContent) {
      emit(CRLF[0]);
      emit(CRLF[1]);
    }
    digest.update(out, 0, used);
    used = 0;
    return digest.digest();
  }

  private static boolean ordinary(byte b) {
    return b != '\r' && b != '\n' && b != ' ' && b != '\t';
  }

  private void endLine() {
    space = false;
    pendingLineEnds++;
  }

  private void content(byte b) {
    for (; pendingLineEnds > 0; pendingLineEnds--) {
      emit(CRLF[0]);
      emit(CRLF[1]);
    }
    if (space) {
      emit((byte) ' ');
      space = false;
    }
    emit(b);
    anyContent = true;
  }

  /** {@link #content(byte)} for {@code length} ordinary octets. */
  private void content(byte[] chunk, int offset, int length) {
    content(chunk[offset]);
    int rest = length - 1;
    if (rest > out.length - used) {
      digest.update(out, 0, used);
      used = 0;
      digest.update(chunk, offset + 1, rest);
    } else {
      System.arraycopy(chunk, offset + 1, out, used, rest);
      used += rest;
    }
  }

  private void emit(byte b) {
    if (used == out.length) {
      digest.update(out, 0, used);
      used = 0;
    }
    out[used++] = b;
  }
}
