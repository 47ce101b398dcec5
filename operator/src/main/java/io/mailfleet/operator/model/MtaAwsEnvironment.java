package io.mailfleet.operator.model;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * What the operator passes on to MTA pods that call AWS (a tier with an SQS source): its own region
 * and endpoint, as the variables the AWS SDK reads. The operator's own credentials are not passed:
 * each pod gets its own from the SDK's default chain (IRSA or EKS Pod Identity on the pods'
 * ServiceAccount, else {@link #credentialsFromSecret() a Secret} in the tier's namespace).
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

  /**
   * Static credentials for where neither IRSA nor EKS Pod Identity hands the pods any (an emulator,
   * a cluster outside EKS): {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY} from the
   * keys of that name in the Secret {@value #CREDENTIALS_SECRET} of the tier's namespace. Both are
   * optional: without the Secret the variables are unset and the SDK's chain goes on to IRSA.
   */
  public static List<EnvVar> credentialsFromSecret() {
    return List.of(fromSecret("AWS_ACCESS_KEY_ID"), fromSecret("AWS_SECRET_ACCESS_KEY"));
  }

  /** The Secret in a tier's namespace whose keys become the pods' static AWS credentials. */
  public static final String CREDENTIALS_SECRET = "mailfleet-mta-aws";

  private static EnvVar fromSecret(String key) {
    return new EnvVarBuilder()
        .withName(key)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(CREDENTIALS_SECRET)
        .withKey(key)
        .withOptional(true)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
