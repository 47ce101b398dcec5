package io.mailfleet.operator.model;

import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.ArrayList;
import java.util.List;

/**
 * What the operator passes on to MTA pods that call AWS (a tier with an SQS source): its own region
 * and endpoint, as the variables the AWS SDK reads. Credentials are not passed: each pod gets its
 * own from the SDK's default chain (IRSA or EKS Pod Identity on the pods' ServiceAccount).
 *
 * @param region {@code AWS_REGION}; null when the operator has none
 * @param endpoint {@code AWS_ENDPOINT_URL}, another endpoint for every service (an emulator); null
 *     for AWS's own
 */
public record MtaAwsEnvironment(String region, String endpoint) {

  /** No region, AWS's own endpoints. */
  public static final MtaAwsEnvironment NONE = new MtaAwsEnvironment(null, null);

  public MtaAwsEnvironment {
    region = blankToNull(region);
    endpoint = blankToNull(endpoint);
  }

  /** The pod's environment variables, only those that are set. */
  public List<EnvVar> env() {
    List<EnvVar> env = new ArrayList<>();
    if (region != null) {
      env.add(new EnvVar("AWS_REGION", region, null));
    }
    if (endpoint != null) {
      env.add(new EnvVar("AWS_ENDPOINT_URL", endpoint, null));
    }
    return env;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
