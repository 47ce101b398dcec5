package io.mailfleet.mta.dkim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the {@code DKIM-Signature} header field (RFC 6376 3.5) for a message read from a stream:
 * relaxed/relaxed, the usual headers that are present, and the fields that may occur only once
 * (From, Subject, To, ...) signed once more than they appear, so none can be added after signing.
 * The key is the one whose domain is, or is a parent of, the From domain (the most specific one
 * when several are), and it signs only when the message's {@link Originator} is allowed it (ADR
 * 0017): otherwise the message goes out unsigned and {@link SigningRefusals} hears of it.
 */
public final class DkimSigner {

  /** A header section longer than this is not signed (and never held in memory). */
  public static final int MAX_HEADER_BYTES = 1 << 20;

  /** The header fields signed when present, in {@code h=} order. */
  static final List<String> SIGNED_FIELDS =
      List.of(
          "From",
          "To",
          "Cc",
          "Subject",
          "Date",
          "Message-ID",
          "Reply-To",
          "MIME-Version",
          "Content-Type",
          "Content-Transfer-Encoding",
          "In-Reply-To",
          "References");

  /**
   * Fields RFC 5322 3.6 allows at most once: each is named once more in {@code h=} than it occurs
   * (present or not), so a verifier fails a message that gained another one after signing — a
   * second Subject or From shown by a mail client instead of the signed one.
   */
  static final List<String> ONCE_ONLY_FIELDS =
      List.of("From", "To", "Cc", "Subject", "Date", "Message-ID", "Reply-To");

  private static final Logger LOG = LoggerFactory.getLogger(DkimSigner.class);
  private static final int CHUNK = 64 * 1024;

  private final List<DkimKey> keys;
  private final Clock clock;
  private final SigningRefusals refusals;

  /** A signer with {@code keys} that tells {@code refusals} of each message it may not sign. */
  public DkimSigner(List<DkimKey> keys, Clock clock, SigningRefusals refusals) {
    this.keys =
        keys.stream().sorted(Comparator.comparingInt((DkimKey k) -> -k.domain().length())).toList();
    this.clock = clock;
    this.refusals = refusals;
  }

  /** A signer whose refusals are only logged at DEBUG. */
  public DkimSigner(List<DkimKey> keys, Clock clock) {
    this(keys, clock, SigningRefusals.NONE);
  }

  /** Whether there is no key, so nothing is ever signed. */
  public boolean isEmpty() {
    return keys.isEmpty();
  }

  /**
   * Reads the message from its first octet and returns the signature header field, CRLF-terminated,
   * to put on top of it; empty when no key covers its From domain, when {@code originator} is not
   * allowed the key that does, or when its header section is too long. When the message is signed,
   * the whole stream is read (the body hash); otherwise the stream is left after the header
   * section.
   *
   * @param originator who handed the message in
   * @param messageId for the log
   */
  public Optional<String> sign(InputStream in, Originator originator, String messageId)
      throws IOException {
    Optional<Signing> signing = signing(in, originator, messageId);
    if (signing.isEmpty()) {
      return Optional.empty();
    }
    RelaxedBodyHash body = new RelaxedBodyHash();
    byte[] chunk = new byte[CHUNK];
    int n;
    while ((n = in.read(chunk)) > 0) {
      body.update(chunk, 0, n);
    }
    return Optional.of(signature(signing.get().key(), signing.get().headers(), body.finish()));
  }

  /**
   * As {@link #sign(InputStream, Originator, String)}, for a message whose body hash was taken when
   * it was received ({@link RelaxedBodyDigest}): reads only the header section, and leaves the
   * stream at the first body octet.
   */
  public Optional<String> sign(
      InputStream in, byte[] bodyHash, Originator originator, String messageId) throws IOException {
    return signing(in, originator, messageId).map(s -> signature(s.key(), s.headers(), bodyHash));
  }

  /** The key that signs a message, and its header section. */
  private record Signing(DkimKey key, HeaderSection headers) {}

  /** Reads the header section and finds the key that may sign it; empty when none may. */
  private Optional<Signing> signing(InputStream in, Originator originator, String messageId)
      throws IOException {
    Optional<HeaderSection> read = HeaderSection.read(in, MAX_HEADER_BYTES);
    if (read.isEmpty()) {
      LOG.warn(
          "message {}: header section over {} bytes, not DKIM-signed", messageId, MAX_HEADER_BYTES);
      return Optional.empty();
    }
    HeaderSection headers = read.get();
    Optional<String> fromDomain = headers.fromDomain();
    Optional<DkimKey> key =
        fromDomain.flatMap(d -> keys.stream().filter(k -> k.covers(d)).findFirst());
    if (key.isEmpty()) {
      LOG.debug(
          "message {}: no DKIM key for From domain {}", messageId, fromDomain.orElse("(none)"));
      return Optional.empty();
    }
    if (!key.get().allows(originator)) {
      LOG.debug(
          "message {}: {} may not sign for sender domain {}",
          messageId,
          key.get().domain(),
          originator.senderDomain());
      refusals.notAllowed(messageId, key.get().domain(), originator);
      return Optional.empty();
    }
    return Optional.of(new Signing(key.get(), headers));
  }

  private String signature(DkimKey key, HeaderSection headers, byte[] bodyHash) {
    List<String> names = new ArrayList<>();
    StringBuilder data = new StringBuilder();
    Map<String, Integer> used = new HashMap<>();
    for (String name : SIGNED_FIELDS) {
      List<String> instances = headers.named(name);
      for (int i = 0; i < instances.size(); i++) {
        names.add(name.toLowerCase(Locale.ROOT));
      }
    }
    ONCE_ONLY_FIELDS.forEach(name -> names.add(name.toLowerCase(Locale.ROOT)));
    for (String name : names) {
      // RFC 6376 5.4.2: repeated names take instances from the bottom up; none left adds nothing.
      List<String> instances = headers.named(name);
      int taken = used.merge(name, 1, Integer::sum);
      if (taken <= instances.size()) {
        data.append(RelaxedHeader.canonicalize(instances.get(instances.size() - taken)));
      }
    }
    String unsigned =
        "DKIM-Signature: v=1; a="
            + key.algorithm().tag()
            + "; c=relaxed/relaxed; d="
            + key.domain()
            + "; s="
            + key.selector()
            + ";\r\n\tt="
            + clock.instant().getEpochSecond()
            + "; h="
            + String.join(":", names)
            + ";\r\n\tbh="
            + Base64.getEncoder().encodeToString(bodyHash)
            + ";\r\n\tb=";
    String canonical = RelaxedHeader.canonicalize(unsigned);
    data.append(canonical, 0, canonical.length() - 2);
    try {
      byte[] b =
          key.algorithm()
              .sign(key.privateKey(), data.toString().getBytes(StandardCharsets.ISO_8859_1));
      return unsigned + Base64.getEncoder().encodeToString(b) + "\r\n";
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the key for " + key.domain() + " cannot sign", e);
    }
  }
}
