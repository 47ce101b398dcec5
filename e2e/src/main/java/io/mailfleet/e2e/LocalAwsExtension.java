package io.mailfleet.e2e;

import java.net.URI;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.regions.Region;

/** Points a test class at the AWS emulator named by {@code AWS_ENDPOINT_URL}. */
public final class LocalAwsExtension implements BeforeAllCallback, ParameterResolver {

  private static final String HOW_TO_START =
      "Start it with `make aws-up` and run `source ~/.cache/mailfleet/run/aws.env`.";

  @Override
  public void beforeAll(ExtensionContext context) {
    HarnessProbe.requireAnswers(emulator().endpoint(), "AWS emulator", HOW_TO_START);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == AwsEmulator.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return emulator();
  }

  private static AwsEmulator emulator() {
    String endpoint = System.getenv("AWS_ENDPOINT_URL");
    if (endpoint == null || endpoint.isBlank()) {
      Assertions.fail("AWS_ENDPOINT_URL is not set, so no AWS emulator is known. " + HOW_TO_START);
    }
    String region = System.getenv().getOrDefault("AWS_REGION", "us-east-1");
    return new AwsEmulator(URI.create(endpoint), Region.of(region));
  }
}
