package io.mailfleet.mta.spool;

import java.util.function.Supplier;

/**
 * A digest of one message's content, fed as the content is written into the spool and stored with
 * the message, so that delivery gets it without reading the content (the DKIM body hash, ADR 0028).
 * Not thread-safe: one writer feeds it.
 */
public interface ContentDigest {

  /** Makes no digest: {@link #finish()} is always empty. */
  Supplier<ContentDigest> NONE =
      () ->
          new ContentDigest() {
            @Override
            public void update(byte[] content, int offset, int length) {}

            @Override
            public byte[] finish() {
              return new byte[0];
            }
          };

  /** Feeds the next {@code length} octets of content. */
  void update(byte[] content, int offset, int length);

  /** The digest of everything fed; empty when this content has none. Called once, at commit. */
  byte[] finish();
}
