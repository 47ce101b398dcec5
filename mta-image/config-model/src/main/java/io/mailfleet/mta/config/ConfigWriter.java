package io.mailfleet.mta.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Writes a configuration as the YAML file {@link ConfigLoader} reads: every field, nulls included,
 * so the file means the same whatever the built-in defaults it is laid over.
 */
public final class ConfigWriter {

  private static final ObjectMapper YAML =
      new ObjectMapper(
              new YAMLFactory()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS))
          .registerModule(
              new SimpleModule()
                  .addSerializer(Duration.class, new DurationWriter())
                  .addSerializer(Path.class, ToStringSerializer.instance));

  private ConfigWriter() {}

  /** The file's text. */
  public static String write(MtaConfig config) {
    try {
      return YAML.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("records of strings, numbers and durations serialize", e);
    }
  }

  /** A duration in {@link DurationText}'s shortest exact form: {@code 72h}, {@code 90s}. */
  private static final class DurationWriter extends StdScalarSerializer<Duration> {

    DurationWriter() {
      super(Duration.class);
    }

    @Override
    public void serialize(Duration value, JsonGenerator out, SerializerProvider provider)
        throws IOException {
      out.writeString(DurationText.format(value));
    }
  }
}
