package io.mailfleet.mta.delivery;

import io.mailfleet.mta.config.DnsConfig;
import io.mailfleet.mta.queue.DeliveryReplies;
import io.mailfleet.mta.queue.NextHop;
import io.netty.buffer.ByteBuf;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRecordDecoder;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.SingletonDnsServerAddressStreamProvider;
import io.netty.util.concurrent.Future;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds a domain's mail exchangers with Netty's asynchronous DNS resolver (RFC 5321 5.1): MX
 * records by preference, each host's addresses, the domain's own addresses when it has no MX, and
 * null MX (RFC 7505) as no service. Nothing here blocks: answers complete futures on the DNS event
 * loop. MX answers are cached for their TTL within the configured bounds, NXDOMAIN and empty
 * answers for the negative TTL; address lookups use Netty's cache with the same bounds.
 */
final class MxResolver implements AutoCloseable {

  /** The SMTP port of mail exchangers. */
  static final int SMTP_PORT = 25;

  private static final long QUERY_TIMEOUT_MS = 5_000;
  private static final int MAX_HOPS = 10;

  private final DnsNameResolver dns;
  private final DnsConfig config;
  private final DnsCache<MxAnswer> answers;

  /** A resolver asking {@code config}'s server (or the system's) on {@code loop}. */
  MxResolver(EventLoop loop, DnsConfig config, Clock clock) {
    InetSocketAddress server =
        config.resolver() == null ? null : NextHop.parse(config.resolver()).socketAddress();
    this.dns =
        new DnsNameResolverBuilder(loop)
            .datagramChannelType(NioDatagramChannel.class)
            .nameServerProvider(
                server == null
                    ? DnsServerAddressStreamProviders.platformDefault()
                    : new SingletonDnsServerAddressStreamProvider(server))
            .queryTimeoutMillis(QUERY_TIMEOUT_MS)
            .ttl(seconds(config.minTtl()), seconds(config.maxTtl()))
            .negativeTtl(seconds(config.negativeTtl()))
            .build();
    this.config = config;
    this.answers = new DnsCache<>(clock);
  }

  private static int seconds(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, d.toSeconds());
  }

  /** The route for {@code domain}; never fails (a DNS failure is {@link Route.Unresolved}). */
  CompletableFuture<Route> resolve(String domain) {
    return exchangers(domain)
        .thenCompose(answer -> route(domain, answer))
        .exceptionally(e -> new Route.Unresolved(DeliveryReplies.dnsFailed(domain, e)));
  }

  private CompletableFuture<Route> route(String domain, MxAnswer answer) {
    if (answer instanceof MxAnswer.NoSuchDomain) {
      return CompletableFuture.completedFuture(
          new Route.NoService(DeliveryReplies.noSuchDomain(domain)));
    }
    List<MxRecord> records = ((MxAnswer.Exchangers) answer).records();
    if (MxRecord.declaresNoService(records)) {
      return CompletableFuture.completedFuture(new Route.NoService(DeliveryReplies.nullMx(domain)));
    }
    List<String> hosts =
        records.isEmpty()
            ? List.of(domain)
            : MxRecord.inOrder(records, ThreadLocalRandom.current());
    List<CompletableFuture<List<InetAddress>>> lookups =
        hosts.stream().map(this::addresses).toList();
    return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              List<NextHop> hops = new ArrayList<>();
              for (int i = 0; i < hosts.size(); i++) {
                for (InetAddress address : lookups.get(i).join()) {
                  if (hops.size() < MAX_HOPS) {
                    hops.add(new NextHop(address.getHostAddress(), SMTP_PORT, hosts.get(i)));
                  }
                }
              }
              return hops.isEmpty()
                  ? new Route.Unresolved(DeliveryReplies.noExchangerAddress(domain))
                  : new Route.Hops(hops, MxRecord.exchangers(records, domain));
            });
  }

  /** A host's addresses; none when the lookup fails (the next exchanger may do). */
  private CompletableFuture<List<InetAddress>> addresses(String host) {
    return completion(dns.resolveAll(host)).exceptionally(e -> List.of());
  }

  /** The domain's MX answer, from the cache or from DNS. */
  CompletableFuture<MxAnswer> exchangers(String domain) {
    var cached = answers.get(domain);
    if (cached.isPresent()) {
      return CompletableFuture.completedFuture(cached.get());
    }
    return completion(dns.query(new DefaultDnsQuestion(domain, DnsRecordType.MX)))
        .thenApply(envelope -> read(domain, envelope));
  }

  private MxAnswer read(String domain, AddressedEnvelope<DnsResponse, InetSocketAddress> envelope) {
    try {
      DnsResponse response = envelope.content();
      if (response.code() == DnsResponseCode.NXDOMAIN) {
        MxAnswer none = new MxAnswer.NoSuchDomain();
        answers.put(domain, none, config.negativeTtl());
        return none;
      }
      if (response.code() != DnsResponseCode.NOERROR) {
        throw new CompletionException(new IllegalStateException("DNS answered " + response.code()));
      }
      List<MxRecord> records = new ArrayList<>();
      long ttl = Long.MAX_VALUE;
      for (int i = 0; i < response.count(DnsSection.ANSWER); i++) {
        DnsRecord record = response.recordAt(DnsSection.ANSWER, i);
        if (record.type() == DnsRecordType.MX && record instanceof DnsRawRecord raw) {
          // A duplicate keeps the whole packet visible, so compressed names decode.
          ByteBuf content = raw.content().duplicate();
          int preference = content.readUnsignedShort();
          records.add(new MxRecord(preference, DefaultDnsRecordDecoder.decodeName(content)));
          ttl = Math.min(ttl, record.timeToLive());
        }
      }
      MxAnswer answer = new MxAnswer.Exchangers(records);
      answers.put(
          domain,
          answer,
          records.isEmpty() ? config.negativeTtl() : config.clamp(Duration.ofSeconds(ttl)));
      return answer;
    } finally {
      envelope.release();
    }
  }

  /** A Netty future as a CompletableFuture (completed on the DNS event loop). */
  private static <T> CompletableFuture<T> completion(Future<T> future) {
    CompletableFuture<T> completion = new CompletableFuture<>();
    future.addListener(
        f -> {
          if (f.isSuccess()) {
            completion.complete(future.getNow());
          } else {
            completion.completeExceptionally(f.cause());
          }
        });
    return completion;
  }

  @Override
  public void close() {
    dns.close();
  }
}
