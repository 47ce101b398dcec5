package io.mailfleet.mta.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code source.sqs} part of the file: its defaults, and the values it refuses. */
class SqsSourceConfigTest {

  private static final String QUEUE = "https://sqs.eu-west-1.amazonaws.com/123456789012/bulk";

  private final ConfigLoader loader = new ConfigLoader();

  private MtaConfig parse(String sqs) {
    return loader.parse("mta.yaml", "source:\n  sqs: " + sqs + "\n");
  }

  @Test
  void byDefaultNoQueueIsRead() {
    assertThat(loader.defaults().source().sqs()).isNull();
  }

  @Test
  void queueWithOnlyItsUrlLongPollsTwentySecondsWithFourConsumersOfTenMessages() {
    SqsSourceConfig sqs = parse("{queueUrl: \"" + QUEUE + "\"}").source().sqs();

    assertThat(sqs.queueUrl()).isEqualTo(QUEUE);
    assertThat(sqs.region()).isNull();
    assertThat(sqs.concurrency()).isEqualTo(4);
    assertThat(sqs.maxMessages()).isEqualTo(10);
    assertThat(sqs.waitTime()).isEqualTo(Duration.ofSeconds(20));
    assertThat(sqs.deferFor()).isEqualTo(Duration.ofSeconds(30));
    assertThat(sqs.callTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(sqs).isEqualTo(SqsSourceConfig.of(QUEUE));
  }

  @Test
  void everySettingIsReadFromTheFile() {
    SqsSourceConfig sqs =
        parse(
                "{queueUrl: \"http://127.0.0.1:15000/123456789012/q\", region: us-east-1,"
                    + " concurrency: 2, maxMessages: 5, waitTime: 1s, deferFor: 0s,"
                    + " callTimeout: 5s}")
            .source()
            .sqs();

    assertThat(sqs)
        .isEqualTo(
            new SqsSourceConfig(
                "http://127.0.0.1:15000/123456789012/q",
                "us-east-1",
                2,
                5,
                Duration.ofSeconds(1),
                Duration.ZERO,
                Duration.ofSeconds(5)));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{concurrency: 1}                         | source.sqs.queueUrl: is required",
        "{queueUrl: 'sqs/bulk'}                   | source.sqs.queueUrl: is not an SQS queue URL",
        "{queueUrl: 'https://sqs.example.com'}    | source.sqs.queueUrl: is not an SQS queue URL",
        "{queueUrl: 'Q', region: Ireland}         | source.sqs.region: is not an AWS region",
        "{queueUrl: 'Q', concurrency: 0}          | source.sqs.concurrency: must be",
        "{queueUrl: 'Q', concurrency: 65}         | source.sqs.concurrency: must be",
        "{queueUrl: 'Q', maxMessages: 11}         | source.sqs.maxMessages: must be",
        "{queueUrl: 'Q', waitTime: 21s}           | source.sqs.waitTime: must be 0 to 20s",
        "{queueUrl: 'Q', waitTime: 1500ms}        | source.sqs.waitTime: must be whole seconds",
        "{queueUrl: 'Q', deferFor: 13h}           | source.sqs.deferFor: must be 0 to 12h",
        "{queueUrl: 'Q', callTimeout: 20s}        | source.sqs.callTimeout: must be longer than"
            + " waitTime (20s)",
        "{queueUrl: 'Q', pollers: 3}              | source.sqs.pollers: unknown field",
      })
  void wrongSettingIsRefusedNamingTheField(String sqs, String error) {
    assertThatThrownBy(() -> parse(sqs.replace("'Q'", "'" + QUEUE + "'")))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessageStartingWith(error);
  }

  @Test
  void writtenSourceReadsBackTheSame() {
    MtaConfig config = parse("{queueUrl: \"" + QUEUE + "\", concurrency: 8, deferFor: 90s}");

    assertThat(loader.parse("written", ConfigWriter.write(config))).isEqualTo(config);
  }
}
