package io.mailfleet.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The preStop hook's command, run by a real bash against an admin endpoint that records calls. */
class DrainHookIT {

  @TempDir Path dir;

  @Test
  void preStopCommandPostsToTheDrainEndpointOfTheGivenPortWithTheToken() throws Exception {
    // As the operator writes it into the Secret: no trailing newline.
    Path token = Files.writeString(dir.resolve("token"), "tok-3n_Zq");
    List<String> calls = new CopyOnWriteArrayList<>();
    HttpServer admin = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    admin.createContext(
        "/",
        exchange -> {
          calls.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI().getPath()
                  + " "
                  + exchange.getRequestHeaders().getFirst("Authorization"));
          reply(exchange, "{\"draining\":true}");
        });
    admin.start();
    try {
      Process hook =
          new ProcessBuilder(
                  MtaPodLayout.drainCommand(admin.getAddress().getPort(), token.toString()))
              .redirectErrorStream(true)
              .start();

      assertThat(hook.waitFor(10, TimeUnit.SECONDS)).as("the hook finishes").isTrue();
      String output = new String(hook.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(hook.exitValue()).as(output).isZero();
      assertThat(output).contains("202").contains("draining");
      assertThat(calls).containsExactly("POST /api/v1/drain Bearer tok-3n_Zq");
    } finally {
      admin.stop(0);
    }
  }

  private static void reply(HttpExchange exchange, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(202, bytes.length);
    try (OutputStream body = exchange.getResponseBody()) {
      body.write(bytes);
    }
  }
}
