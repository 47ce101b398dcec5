package io.mailfleet.mta.delivery;

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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Finds a domain's mail exchangers with Netty's asynchronous DNS resolver (RFC 5321 5.1): MX
 * records by preference, each host's addresses, the domain's own addresses when it has no MX, and
 * null MX (RFC 7505) as no service. Called on delivery workers, which wait for the answer.
 */
final class MxResolver implements AutoCloseable {

  /** The SMTP port of mail exchangers. */
  static final int SMTP_PORT = 25;

  private static final long TIMEOUT_MS = 10_000;
  private static final int MAX_HOPS = 10;

  private final DnsNameResolver dns;

  /** A resolver asking {@code server} ({@code null}: the system's resolvers) on {@code loop}. */
  MxResolver(EventLoop loop, InetSocketAddress server) {
    this.dns =
        new DnsNameResolverBuilder(loop)
            .datagramChannelType(NioDatagramChannel.class)
            .nameServerProvider(
                server == null
                    ? DnsServerAddressStreamProviders.platformDefault()
                    : new SingletonDnsServerAddressStreamProvider(server))
            .queryTimeoutMillis(TIMEOUT_MS / 2)
            .build();
  }

  /** The route for {@code domain}; blocks the calling worker up to the DNS timeout. */
  Route resolve(String domain) throws InterruptedException {
    try {
      return hops(domain, mx(domain));
    } catch (NoSuchDomain e) {
      return new Route.NoService("550 5.1.2 domain " + domain + " does not exist");
    } catch (ExecutionException | TimeoutException e) {
      return new Route.Unresolved("451 4.4.3 DNS lookup for " + domain + " failed: " + e);
    }
  }

  private Route hops(String domain, List<MxRecord> records)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (MxRecord.declaresNoService(records)) {
      return new Route.NoService("556 5.1.10 domain " + domain + " accepts no mail (null MX)");
    }
    List<String> hosts =
        records.isEmpty()
            ? List.of(domain)
            : MxRecord.inOrder(records, ThreadLocalRandom.current());
    List<NextHop> hops = new ArrayList<>();
    for (String host : hosts) {
      for (InetAddress address : addresses(host)) {
        if (hops.size() < MAX_HOPS) {
          hops.add(new NextHop(address.getHostAddress(), SMTP_PORT, host));
        }
      }
    }
    return hops.isEmpty()
        ? new Route.Unresolved("451 4.4.3 no address for the mail exchangers of " + domain)
        : new Route.Hops(hops);
  }

  private List<InetAddress> addresses(String host) throws InterruptedException {
    try {
      return dns.resolveAll(host).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      return List.of();
    }
  }

  private List<MxRecord> mx(String domain)
      throws InterruptedException, ExecutionException, TimeoutException, NoSuchDomain {
    AddressedEnvelope<DnsResponse, InetSocketAddress> envelope =
        dns.query(new DefaultDnsQuestion(domain, DnsRecordType.MX))
            .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    try {
      DnsResponse response = envelope.content();
      if (response.code() == DnsResponseCode.NXDOMAIN) {
        throw new NoSuchDomain();
      }
      if (response.code() != DnsResponseCode.NOERROR) {
        throw new ExecutionException(new IllegalStateException("DNS answered " + response.code()));
      }
      List<MxRecord> records = new ArrayList<>();
      for (int i = 0; i < response.count(DnsSection.ANSWER); i++) {
        DnsRecord record = response.recordAt(DnsSection.ANSWER, i);
        if (record.type() == DnsRecordType.MX && record instanceof DnsRawRecord raw) {
          // A duplicate keeps the whole packet visible, so compressed names decode.
          ByteBuf content = raw.content().duplicate();
          int preference = content.readUnsignedShort();
          records.add(new MxRecord(preference, DefaultDnsRecordDecoder.decodeName(content)));
        }
      }
      return records;
    } finally {
      envelope.release();
    }
  }

  @Override
  public void close() {
    dns.close();
  }

  /** NXDOMAIN: the domain does not exist. */
  private static final class NoSuchDomain extends Exception {
    NoSuchDomain() {
      super(null, null, false, false);
    }
  }
}
