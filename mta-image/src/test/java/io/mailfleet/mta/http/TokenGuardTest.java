package io.mailfleet.mta.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.mta.config.HttpListenerConfig;
import io.mailfleet.mta.metrics.MtaMetrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which requests reach the routes behind a {@link TokenGuard}, and what the others get. */
class TokenGuardTest {

  @TempDir Path dir;

  private final MtaMetrics metrics = new MtaMetrics();
  private EmbeddedChannel channel;

  @AfterEach
  void finish() {
    channel.finishAndReleaseAll();
  }

  private void guard(String token) throws IOException {
    HttpListenerConfig config = HttpListenerConfig.of("127.0.0.1", 0);
    if (token != null) {
      config = config.withTokenFile(Files.writeString(dir.resolve("token"), token + "\n"));
    }
    channel =
        new EmbeddedChannel(
            TokenGuard.of("admin", config, r -> !r.method().equals(HttpMethod.GET), metrics));
  }

  private static FullHttpRequest request(HttpMethod method, String authorization) {
    FullHttpRequest req =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1, method, "/api/v1/drain", Unpooled.copiedBuffer("{}".getBytes()));
    if (authorization != null) {
      req.headers().set(HttpHeaderNames.AUTHORIZATION, authorization);
    }
    return req;
  }

  @Test
  void postWithoutAuthorizationGets401WithABearerChallengeAndIsReleased() throws IOException {
    guard("s3cret");
    FullHttpRequest req = request(HttpMethod.POST, null);

    channel.writeInbound(req);

    FullHttpResponse res = channel.readOutbound();
    assertThat(res.status().code()).isEqualTo(401);
    assertThat(res.headers().get(HttpHeaderNames.WWW_AUTHENTICATE))
        .isEqualTo("Bearer realm=\"mailfleet-admin\"");
    assertThat(res.content().toString(StandardCharsets.UTF_8))
        .contains("needs Authorization: Bearer <token>");
    res.release();
    assertThat((Object) channel.readInbound()).as("nothing reaches the routes").isNull();
    assertThat(req.refCnt()).isZero();
  }

  @Test
  void wrongTokenAndOtherSchemesAreRefusedAndCounted() throws IOException {
    guard("s3cret");

    for (String authorization : new String[] {"Bearer s3cre", "Bearer s3cret2", "Basic czNjcmV0"}) {
      channel.writeInbound(request(HttpMethod.POST, authorization));
      FullHttpResponse res = channel.readOutbound();
      assertThat(res.status().code()).as(authorization).isEqualTo(401);
      res.release();
    }

    assertThat(scrape())
        .contains(
            "mailfleet_mta_http_requests_refused_total{listener=\"admin\",reason=\"wrong_token\"} 2.0",
            "mailfleet_mta_http_requests_refused_total{listener=\"admin\",reason=\"missing_token\"} 1.0");
  }

  @Test
  void theTokenLetsThePostThroughWhateverTheSchemesCase() throws IOException {
    guard("s3cret");

    channel.writeInbound(request(HttpMethod.POST, "Bearer s3cret"));
    channel.writeInbound(request(HttpMethod.POST, "bearer s3cret"));

    assertThat((Object) channel.readOutbound()).isNull();
    FullHttpRequest first = channel.readInbound();
    FullHttpRequest second = channel.readInbound();
    assertThat(first.method()).isEqualTo(HttpMethod.POST);
    assertThat(second).isNotNull();
    first.release();
    second.release();
  }

  @Test
  void unguardedGetPassesWithoutAToken() throws IOException {
    guard("s3cret");

    channel.writeInbound(request(HttpMethod.GET, null));

    FullHttpRequest passed = channel.readInbound();
    assertThat(passed.method()).isEqualTo(HttpMethod.GET);
    passed.release();
  }

  @Test
  void withoutATokenFileEveryRequestPasses() throws IOException {
    guard(null);

    channel.writeInbound(request(HttpMethod.POST, null));

    FullHttpRequest passed = channel.readInbound();
    assertThat(passed.method()).isEqualTo(HttpMethod.POST);
    passed.release();
  }

  private String scrape() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    metrics.scrapeTo(out, metrics.writerFor("text/plain"));
    return out.toString(StandardCharsets.UTF_8);
  }
}
