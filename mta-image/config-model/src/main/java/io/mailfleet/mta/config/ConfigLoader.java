package io.mailfleet.mta.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads the YAML configuration file over the built-in defaults and validates it. Every problem is
 * reported as an {@link InvalidConfigException} whose message starts with the field's path.
 */
public final class ConfigLoader {

  private static final String DEFAULTS = "defaults.yaml";

  private final ObjectMapper yaml =
      new ObjectMapper(new YAMLFactory())
          .registerModule(new SimpleModule().addDeserializer(Duration.class, new DurationText()))
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);

  /** The built-in defaults alone: loopback ports, a spool in the working directory. */
  public MtaConfig defaults() {
    return bind(defaultsTree());
  }

  /**
   * The file laid over the defaults: objects merge field by field, lists and values replace. Every
   * field is checked, the files it names included ({@link MountedFiles}).
   */
  public MtaConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new InvalidConfigException(file.toString(), "cannot be read: " + e.getMessage());
    }
    MtaConfig config = parse(file.toString(), text);
    MountedFiles.check(config);
    return config;
  }

  /**
   * {@code text} laid over the defaults like a file, every field checked except the files it names:
   * they exist where the MTA runs (the operator checks what it renders with this).
   *
   * @param source what to call the text in an error, such as its file name
   */
  public MtaConfig parse(String source, String text) {
    JsonNode overrides;
    try {
      overrides = yaml.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidConfigException(source, "is not valid YAML: " + e.getOriginalMessage());
    }
    if (overrides == null || overrides.isMissingNode() || overrides.isNull()) {
      return defaults();
    }
    if (!overrides.isObject()) {
      throw new InvalidConfigException(source, "must hold a YAML mapping at the top");
    }
    ObjectNode merged = defaultsTree();
    merge(merged, (ObjectNode) overrides);
    return bind(merged);
  }

  private ObjectNode defaultsTree() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + DEFAULTS);
      }
      return (ObjectNode) yaml.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void merge(ObjectNode target, ObjectNode overrides) {
    Iterator<Map.Entry<String, JsonNode>> fields = overrides.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode existing = target.get(field.getKey());
      if (existing instanceof ObjectNode existingObject && field.getValue().isObject()) {
        merge(existingObject, (ObjectNode) field.getValue());
      } else {
        target.set(field.getKey(), field.getValue());
      }
    }
  }

  private MtaConfig bind(ObjectNode tree) {
    try {
      return yaml.treeToValue(tree, MtaConfig.class);
    } catch (JsonMappingException e) {
      throw describe(e);
    } catch (JsonProcessingException e) {
      throw new InvalidConfigException("", e.getOriginalMessage());
    }
  }

  private static InvalidConfigException describe(JsonMappingException e) {
    String path = path(e);
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof InvalidConfigException invalid) {
        return invalid.under(path);
      }
    }
    if (e instanceof UnrecognizedPropertyException unknown) {
      return new InvalidConfigException(
          path, "unknown field; known fields are " + unknown.getKnownPropertyIds());
    }
    if (e.getOriginalMessage().startsWith("Cannot map `null` into type")) {
      return new InvalidConfigException(
          path, "is required (a list item replaces the default item, so give all its fields)");
    }
    if (e instanceof InvalidFormatException format) {
      return new InvalidConfigException(
          path, "cannot use " + format.getValue() + ": " + firstLine(e.getOriginalMessage()));
    }
    return new InvalidConfigException(path, firstLine(e.getOriginalMessage()));
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
