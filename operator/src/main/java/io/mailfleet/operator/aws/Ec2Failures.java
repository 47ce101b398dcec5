package io.mailfleet.operator.aws;

import io.mailfleet.operator.model.PoolStatusModel;
import java.net.UnknownHostException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/** Maps what the EC2 client throws to {@link ElasticIpException}: the adapter's only exception. */
final class Ec2Failures {

  /** AWS's codes for "throttled" and "try again": the SDK retried them already. */
  private static final Set<String> TRANSIENT =
      Set.of(
          "RequestLimitExceeded",
          "Throttling",
          "ThrottlingException",
          "InternalError",
          "InternalFailure",
          "ServiceUnavailable",
          "Unavailable",
          "RequestTimeout");

  private static final Set<String> DENIED =
      Set.of("UnauthorizedOperation", "AuthFailure", "AccessDenied", "AccessDeniedException");

  private Ec2Failures() {}

  /** The AWS error code of {@code e}, null when the call got no answer from AWS. */
  static String code(SdkException e) {
    return e instanceof AwsServiceException service && service.awsErrorDetails() != null
        ? service.awsErrorDetails().errorCode()
        : null;
  }

  /** Whether {@code e} says that the object is already gone (so a removal is done). */
  static boolean isGone(SdkException e) {
    String code = code(e);
    return code != null
        && (code.equals("InvalidAllocationID.NotFound")
            || code.equals("InvalidAssociationID.NotFound")
            || code.equals("InvalidAddress.NotFound"));
  }

  static ElasticIpException map(String operation, String region, SdkException e) {
    String code = code(e);
    String said = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (code == null) {
      boolean unknownHost = causedBy(e, UnknownHostException.class);
      return new ElasticIpException(
          operation,
          PoolStatusModel.AWS_UNAVAILABLE,
          true,
          operation
              + " in "
              + region
              + " got no answer from AWS"
              + (e instanceof ApiCallTimeoutException ? " in time" : "")
              + (unknownHost ? " (its endpoint does not resolve: check the AWS region)" : "")
              + ": "
              + said,
          e);
    }
    if (code.equals("AddressLimitExceeded")) {
      return new ElasticIpException(
          operation,
          PoolStatusModel.ADDRESS_LIMIT_EXCEEDED,
          false,
          "AWS refused another Elastic IP in "
              + region
              + ": the account's Elastic IP quota there is used up (5 by default). Request more"
              + " 'EC2-VPC Elastic IPs' in Service Quotas, release unused addresses, or lower"
              + " spec.size",
          e);
    }
    if (code.startsWith("InvalidAllocationID")) {
      return new ElasticIpException(
          operation,
          PoolStatusModel.ALLOCATION_NOT_FOUND,
          false,
          operation + " in " + region + ": no such Elastic IP: " + said,
          e);
    }
    if (DENIED.contains(code)) {
      return new ElasticIpException(
          operation,
          PoolStatusModel.ACCESS_DENIED,
          false,
          "the operator's AWS identity may not call ec2:"
              + operation
              + " in "
              + region
              + ": grant it as docs/aws.md shows ("
              + code
              + ")",
          e);
    }
    boolean transientFailure =
        TRANSIENT.contains(code) || (e instanceof AwsServiceException s && s.statusCode() >= 500);
    return new ElasticIpException(
        operation,
        transientFailure ? PoolStatusModel.AWS_UNAVAILABLE : PoolStatusModel.AWS_REFUSED,
        transientFailure,
        operation + " in " + region + " failed (" + code + "): " + said,
        e);
  }

  /** A bounded metric label for the failure: AWS's code, else the exception's class. */
  static String outcome(SdkException e) {
    String code = code(e);
    return code != null ? code : e.getClass().getSimpleName();
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> kind) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (kind.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
