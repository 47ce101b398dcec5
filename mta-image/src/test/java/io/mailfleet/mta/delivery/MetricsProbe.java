package io.mailfleet.mta.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the MTA's /metrics as an operator would: outcomes, spooled messages, capped pools. */
final class MetricsProbe {

  private final HttpClient http = HttpClient.newHttpClient();
  private final int adminPort;

  MetricsProbe(int adminPort) {
    this.adminPort = adminPort;
  }

  /** Recipients with {@code outcome} (delivered, deferred, bounced or expired), all pools. */
  double outcome(String outcome) throws IOException, InterruptedException {
    Matcher m =
        Pattern.compile(
                "(?m)^mailfleet_mta_delivery_recipients_total\\{outcome=\""
                    + outcome
                    + "\",pool=\"[^\"]*\"\\} (\\S+)$")
            .matcher(scrape());
    double sum = 0;
    while (m.find()) {
      sum += Double.parseDouble(m.group(1));
    }
    return sum;
  }

  /** Messages still in the spool. */
  double spooled() throws IOException, InterruptedException {
    return value("mailfleet_mta_spool_messages");
  }

  /** Connections of {@code pool} that found every source capped and then did {@code action}. */
  double capped(String pool, String action) throws IOException, InterruptedException {
    return value(
        "mailfleet_mta_egress_capped_total{action=\"" + action + "\",pool=\"" + pool + "\"}");
  }

  /** Messages the key for {@code domain} did not sign, for {@code reason}. */
  double dkimUnsigned(String domain, String reason) throws IOException, InterruptedException {
    return value(
        "mailfleet_mta_dkim_unsigned_total{domain=\"" + domain + "\",reason=\"" + reason + "\"}");
  }

  private String scrape() throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private double value(String series) throws IOException, InterruptedException {
    String body = scrape();
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(body);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }
}
