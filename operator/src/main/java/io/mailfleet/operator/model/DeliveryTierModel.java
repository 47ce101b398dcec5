package io.mailfleet.operator.model;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.mailfleet.operator.api.v1alpha1.DeliveryTier;
import io.mailfleet.operator.api.v1alpha1.MailCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything one DeliveryTier becomes, computed from the tier, its MailCluster and the operator's
 * default MTA image. The reconciler builds one per reconciliation; each dependent resource asks it
 * for its object. The cluster's settings and the MTA configuration are resolved once, here, with
 * every default filled in; the methods below only render them.
 */
public final class DeliveryTierModel {

  private final DeliveryTier tier;
  private final MailCluster cluster;
  private final String defaultImage;
  private final TierIdentity identity;
  private final MailClusterSettings settings;
  private final RenderedMtaConfig config;
  private final AdminApiClients adminApiClients;
  private final MtaAwsEnvironment aws;
  private final int statefulSetReplicas;

  /**
   * @param tier the DeliveryTier
   * @param cluster the MailCluster named by {@code tier.spec.clusterRef}
   * @param defaultImage the MTA image used when the MailCluster names none
   * @param adminApiClients who the tier's NetworkPolicy admits to the admin port
   * @param aws the AWS region and endpoint for pods that call AWS (a tier with an SQS source)
   */
  public DeliveryTierModel(
      DeliveryTier tier,
      MailCluster cluster,
      String defaultImage,
      AdminApiClients adminApiClients,
      MtaAwsEnvironment aws) {
    this(tier, cluster, defaultImage, adminApiClients, aws, TierReplicas.desired(tier));
  }

  /**
   * A model whose StatefulSet runs {@code statefulSetReplicas} pods: what the tier's scaling
   * settled on this round (grown at once, shrunk only once the leaving pod's queue is empty).
   */
  public DeliveryTierModel(
      DeliveryTier tier,
      MailCluster cluster,
      String defaultImage,
      AdminApiClients adminApiClients,
      MtaAwsEnvironment aws,
      int statefulSetReplicas) {
    if (statefulSetReplicas < 0) {
      throw new IllegalArgumentException("statefulSetReplicas must not be negative");
    }
    this.statefulSetReplicas = statefulSetReplicas;
    this.tier = Objects.requireNonNull(tier, "tier");
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    this.adminApiClients = Objects.requireNonNull(adminApiClients, "adminApiClients");
    this.aws = Objects.requireNonNull(aws, "aws");
    if (defaultImage == null || defaultImage.isBlank()) {
      throw new IllegalArgumentException("defaultImage must not be blank");
    }
    this.defaultImage = defaultImage;
    this.identity = TierIdentity.of(tier);
    this.settings = MailClusterSettings.fromCrd(cluster);
    this.config = MtaConfigModel.fromCrd(settings, tier, identity).render();
  }

  /** The DeliveryTier. */
  public DeliveryTier tier() {
    return tier;
  }

  /** Pods the StatefulSet runs. */
  public int statefulSetReplicas() {
    return statefulSetReplicas;
  }

  /** The MailCluster named by {@code tier.spec.clusterRef}. */
  public MailCluster cluster() {
    return cluster;
  }

  /** The MailCluster's settings, defaults resolved. */
  public MailClusterSettings settings() {
    return settings;
  }

  /** Names and labels of the tier's objects. */
  public TierIdentity identity() {
    return identity;
  }

  /** Who may reach the admin port besides the kubelet. */
  public AdminApiClients adminApiClients() {
    return adminApiClients;
  }

  /**
   * The AWS variables of the pods: the operator's region and endpoint, and credentials from the
   * namespace's optional Secret, when the tier reads an SQS queue; none otherwise (a change of the
   * operator's own settings rolls no other tier).
   */
  public List<EnvVar> awsEnv() {
    boolean readsSqs =
        tier.getSpec().getSource() != null && tier.getSpec().getSource().getSqs() != null;
    if (!readsSqs) {
      return List.of();
    }
    List<EnvVar> env = new ArrayList<>(aws.env());
    env.addAll(MtaAwsEnvironment.credentialsFromSecret());
    return env;
  }

  /** The MTA image the pods run. */
  public String image() {
    String image = cluster.getSpec().getImage();
    return image == null ? defaultImage : image;
  }

  /** The MTA configuration file. */
  public RenderedMtaConfig config() {
    return config;
  }

  /** The ConfigMap that carries {@link #config()} into the pods. */
  public ConfigMap configMap() {
    TierIdentity id = identity();
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(id.configMapName())
        .withNamespace(id.namespace())
        .withLabels(id.labels())
        .endMetadata()
        .addToData(MtaPodLayout.CONFIG_FILE, config().yaml())
        .build();
  }

  /** The StatefulSet of MTA pods. */
  public StatefulSet statefulSet() {
    return TierStatefulSetModel.build(this);
  }

  /** The headless Service behind the pods' stable DNS names. */
  public Service headlessService() {
    return TierServicesModel.headless(this);
  }

  /** The ClusterIP Service that in-cluster clients submit mail to. */
  public Service submissionService() {
    return TierServicesModel.submission(this);
  }

  /** The NetworkPolicy of the tier's pods. */
  public NetworkPolicy networkPolicy() {
    return TierNetworkPolicyModel.build(this);
  }

  /**
   * The Secret with the admin token {@code token}. The caller makes the token once ({@link
   * TierAdminTokenModel#newToken}) and keeps the Secret's token from then on.
   */
  public Secret adminTokenSecret(String token) {
    return TierAdminTokenModel.secret(identity, token);
  }

  /**
   * At most one pod of the tier evicted at a time: each pod's queue is delivered only by that pod,
   * so a node drain takes them one by one and the tier keeps accepting mail.
   */
  public PodDisruptionBudget podDisruptionBudget() {
    TierIdentity id = identity();
    return new PodDisruptionBudgetBuilder()
        .withNewMetadata()
        .withName(id.statefulSetName())
        .withNamespace(id.namespace())
        .withLabels(id.labels())
        .endMetadata()
        .withNewSpec()
        .withNewMaxUnavailable(1)
        .withNewSelector()
        .withMatchLabels(id.selectorLabels())
        .endSelector()
        .endSpec()
        .build();
  }
}
