package io.mailfleet.mta.config;

import static io.mailfleet.mta.config.InvalidConfigException.requireNotBlank;
import static io.mailfleet.mta.config.InvalidConfigException.requireRange;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * An SQS queue the MTA long-polls; each message body is an injection request (the JSON of {@code
 * POST /api/v1/messages}), deleted from the queue only once the message is committed to the spool.
 *
 * @param queueUrl the queue, e.g. {@code https://sqs.eu-west-1.amazonaws.com/123456789012/bulk}
 * @param region the queue's AWS region; null: the region in the queue URL's host, else the AWS
 *     SDK's default chain ({@code AWS_REGION})
 * @param concurrency receive loops, each with its own long poll; 1 to 64, 4 when not given
 * @param maxMessages messages asked for per receive; 1 to 10 (SQS's bound), 10 when not given
 * @param waitTime how long one receive waits for a message (long polling); 0 to 20s (SQS's bound),
 *     20s when not given
 * @param deferFor how long a message the spool could not take stays invisible before it is offered
 *     again (to this MTA or another); 0 to 12h (SQS's bound), 30s when not given
 * @param callTimeout how long one SQS call may take, retries included; more than {@code waitTime},
 *     60s when not given
 */
public record SqsSourceConfig(
    String queueUrl,
    String region,
    Integer concurrency,
    Integer maxMessages,
    Duration waitTime,
    Duration deferFor,
    Duration callTimeout) {

  /** SQS's longest long poll. */
  public static final Duration MAX_WAIT_TIME = Duration.ofSeconds(20);

  /** SQS's longest visibility timeout. */
  public static final Duration MAX_DEFER = Duration.ofHours(12);

  /** The shape of an AWS region name ({@code eu-west-1}, {@code us-gov-west-1}), as a regex. */
  public static final String REGION = "[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-[0-9]+";

  public SqsSourceConfig {
    requireNotBlank("queueUrl", queueUrl);
    requireQueueUrl(queueUrl);
    if (region != null && !region.matches(REGION)) {
      throw new InvalidConfigException(
          "region", "is not an AWS region such as eu-west-1: " + region);
    }
    concurrency = concurrency == null ? 4 : concurrency;
    requireRange("concurrency", concurrency, 1, 64);
    maxMessages = maxMessages == null ? 10 : maxMessages;
    requireRange("maxMessages", maxMessages, 1, 10);
    waitTime = waitTime == null ? MAX_WAIT_TIME : waitTime;
    requireWithin("waitTime", waitTime, MAX_WAIT_TIME);
    if (waitTime.toMillis() % 1000 != 0) {
      throw new InvalidConfigException("waitTime", "must be whole seconds, was " + waitTime);
    }
    deferFor = deferFor == null ? Duration.ofSeconds(30) : deferFor;
    requireWithin("deferFor", deferFor, MAX_DEFER);
    callTimeout = callTimeout == null ? Duration.ofSeconds(60) : callTimeout;
    if (callTimeout.compareTo(waitTime) <= 0) {
      throw new InvalidConfigException(
          "callTimeout",
          "must be longer than waitTime ("
              + DurationText.format(waitTime)
              + "), was "
              + callTimeout);
    }
  }

  /** The queue at {@code queueUrl} with every other setting at its default. */
  public static SqsSourceConfig of(String queueUrl) {
    return new SqsSourceConfig(queueUrl, null, null, null, null, null, null);
  }

  private static void requireQueueUrl(String queueUrl) {
    try {
      URI uri = new URI(queueUrl);
      boolean http = "https".equals(uri.getScheme()) || "http".equals(uri.getScheme());
      if (!http || uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
        throw new InvalidConfigException(
            "queueUrl", "is not an SQS queue URL (https://HOST/ACCOUNT/NAME): " + queueUrl);
      }
    } catch (URISyntaxException e) {
      throw new InvalidConfigException("queueUrl", "is not a URL: " + e.getMessage());
    }
  }

  private static void requireWithin(String field, Duration value, Duration max) {
    if (value.isNegative() || value.compareTo(max) > 0) {
      throw new InvalidConfigException(
          field, "must be 0 to " + DurationText.format(max) + ", was " + value);
    }
  }
}
