package io.mailfleet.operator.api.v1alpha1;

/** Regular expressions (RE2, as the API server evaluates them) shared by the CR schemas. */
final class SchemaPatterns {

  /** A Kubernetes object name (RFC 1123 subdomain), e.g. a Secret or StorageClass name. */
  static final String DNS_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** An RFC 1123 label: one DNS name segment, lower case. */
  static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  /**
   * A tier's name: an RFC 1035 label (it names the tier's Services, which must start with a
   * letter). Its length is bounded separately, see {@link DeliveryTier#MAX_NAME_LENGTH}.
   */
  static final String DNS_1035_LABEL = "^[a-z]([-a-z0-9]*[a-z0-9])?$";

  /**
   * A host name or IPv4 address and a port: {@code host:port}. The port's range (1-65535) is a CEL
   * rule of its own, so the refusal can say which part is wrong.
   */
  static final String HOST_PORT =
      "^[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?)*:[0-9]{1,5}$";

  /** A fully qualified, lower-case domain name with at least two labels. */
  static final String FQDN =
      "^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\\.)+[a-z]([-a-z0-9]{0,61}[a-z0-9])?$";

  /**
   * {@link #FQDN} for a CEL rule's {@code matches()}: the same, written without backslashes, which
   * a rule would need doubled inside its single-quoted string.
   */
  static final String CEL_FQDN =
      "^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?[.])+[a-z]([-a-z0-9]{0,61}[a-z0-9])?$";

  /** The tail of MX host names, starting with a dot, e.g. {@code .google.com}. */
  static final String MX_SUFFIX =
      "^(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*\\.[a-z]([-a-z0-9]{0,61}[a-z0-9])?$";

  /**
   * A duration the way Go and CEL's {@code duration()} spell it, restricted to whole hours, minutes
   * and seconds: {@code 90s}, {@code 15m}, {@code 72h}, {@code 1h30m}. At most three parts of five
   * digits each, so that no value overflows CEL's duration (about 290 years) in the rules that
   * compare durations.
   */
  static final String DURATION = "^([0-9]{1,5}(h|m|s)){1,3}$";

  /**
   * A CEL rule on a {@link #DURATION} field: longer than 0s. A duration string is zero exactly when
   * it holds no digit from 1 to 9.
   */
  static final String NONZERO_DURATION_RULE = "self.matches('[1-9]')";

  /** A Kubernetes resource quantity without exponent: {@code 25Mi}, {@code 20Gi}, {@code 1G}. */
  static final String QUANTITY = "^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$";

  /** A container image reference: anything without white space. */
  static final String IMAGE = "^\\S+$";

  /** An AWS subnet ID. */
  static final String SUBNET_ID = "^subnet-[0-9a-f]{8,17}$";

  /** An AWS Elastic IP allocation ID. */
  static final String ALLOCATION_ID = "^eipalloc-[0-9a-f]{8,17}$";

  /** An AWS region name, e.g. {@code eu-west-1} or {@code us-gov-west-1}. */
  static final String AWS_REGION = "^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]+$";

  /** A BYOIP public IPv4 pool ID. */
  static final String IPV4_POOL = "^ipv4pool-ec2-[0-9a-f]{17}$";

  /** An AWS network border group, e.g. {@code us-east-1} or {@code us-east-1-wl1-bos-wlz-1}. */
  static final String NETWORK_BORDER_GROUP = "^[a-z]{2}(-[a-z0-9]+)+$";

  /**
   * An SQS queue URL: scheme, host (and port, for an emulator), twelve-digit account ID and queue
   * name of at most 80 characters, a FIFO queue's {@code .fifo} included.
   */
  static final String SQS_QUEUE_URL =
      "^https?://[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?(:[0-9]{1,5})?/[0-9]{12}/[A-Za-z0-9_-]{1,75}(\\.fifo|[A-Za-z0-9_-]{0,5})$";

  /** A DKIM selector: DNS labels separated by dots. */
  static final String DKIM_SELECTOR =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** A host name template whose labels may hold the {@code {index}} placeholder. */
  static final String HOSTNAME_TEMPLATE = "^([a-z0-9{}]([-a-z0-9{}]*[a-z0-9{}])?\\.)+[a-z]{2,63}$";

  /** A condition type, as metav1.Condition allows it: CamelCase, optionally domain-prefixed. */
  static final String CONDITION_TYPE =
      "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$";

  /** A condition reason: CamelCase, as metav1.Condition requires. */
  static final String CONDITION_REASON = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$";

  private SchemaPatterns() {}
}
