package io.mailfleet.operator.model;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.mailfleet.operator.api.v1alpha1.DkimKeySpec;
import io.mailfleet.operator.api.v1alpha1.SecretReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The StatefulSet of a tier's MTA pods. */
public final class TierStatefulSetModel {

  /** Pod-template annotation holding the configuration's hash: a change rolls the pods. */
  public static final String CONFIG_HASH_ANNOTATION = "mailfleet.io/config-hash";

  /** Name of the spool volume claim template; PVCs are {@code spool-<tier>-<ordinal>}. */
  public static final String SPOOL_VOLUME = "spool";

  static final String CONTAINER = "mta";
  static final String CONFIG_VOLUME = "config";
  static final String TLS_VOLUME = "tls";

  /**
   * Mode of the files of mounted Secrets (keys and passwords): readable by their owner and by the
   * pod's fsGroup, which the MTA runs in, and by nobody else ({@code 0440}).
   */
  static final int SECRET_FILE_MODE = 0440;

  static final String AUTH_VOLUME = "auth";

  static final String ADMIN_TOKEN_VOLUME = "admin-token";

  /** Prefix of the DKIM key volumes: {@code dkim-0}, {@code dkim-1}, ... */
  static final String DKIM_VOLUME = "dkim-";

  static final String TMP_VOLUME = "tmp";

  // Sized for a Netty MTA with a 25 MiB message limit and a few thousand connections; the JVM
  // takes 75% of the memory limit for its heap.
  static final Map<String, Quantity> REQUESTS =
      Map.of("cpu", new Quantity("250m"), "memory", new Quantity("512Mi"));
  static final Map<String, Quantity> LIMITS = Map.of("memory", new Quantity("1Gi"));

  private TierStatefulSetModel() {}

  static StatefulSet build(DeliveryTierModel model) {
    TierIdentity id = model.identity();
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withName(id.statefulSetName())
        .withNamespace(id.namespace())
        .withLabels(id.labels())
        .endMetadata()
        .withNewSpec()
        .withReplicas(model.statefulSetReplicas())
        .withServiceName(id.headlessServiceName())
        // Pods are independent MTAs: start and stop them together, not one after another.
        .withPodManagementPolicy("Parallel")
        // A PVC holds accepted mail: keep it when the tier shrinks (the ordinal delivers it when
        // it comes back) and when the tier is deleted (an operator recovers it by hand).
        .withNewPersistentVolumeClaimRetentionPolicy()
        .withWhenScaled("Retain")
        .withWhenDeleted("Retain")
        .endPersistentVolumeClaimRetentionPolicy()
        .withNewSelector()
        .withMatchLabels(id.selectorLabels())
        .endSelector()
        .withNewUpdateStrategy()
        .withType("RollingUpdate")
        .endUpdateStrategy()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(id.labels())
        .addToAnnotations(CONFIG_HASH_ANNOTATION, model.config().hash())
        .endMetadata()
        .withNewSpec()
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withTerminationGracePeriodSeconds(TierPodTiming.terminationGraceSeconds(model.tier()))
        .withSecurityContext(
            new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withRunAsUser(MtaPodLayout.RUN_AS)
                .withRunAsGroup(MtaPodLayout.RUN_AS)
                .withFsGroup(MtaPodLayout.RUN_AS)
                .withFsGroupChangePolicy("OnRootMismatch")
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .build())
        .withTopologySpreadConstraints(
            spread("topology.kubernetes.io/zone", id), spread("kubernetes.io/hostname", id))
        .withContainers(container(model))
        .withVolumes(volumes(model))
        .endSpec()
        .endTemplate()
        .withVolumeClaimTemplates(spoolClaim(model))
        .endSpec()
        .build();
  }

  static int smtpPort(DeliveryTierModel model) {
    return model.settings().smtpPort();
  }

  static int adminPort(DeliveryTierModel model) {
    return model.settings().adminPort();
  }

  private static Container container(DeliveryTierModel model) {
    return new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(model.image())
        .addNewEnv()
        .withName(MtaPodLayout.CONFIG_ENV)
        .withValue(MtaPodLayout.configPath())
        .endEnv()
        .addNewEnv()
        .withName("JAVA_TOOL_OPTIONS")
        .withValue("-XX:MaxRAMPercentage=75 -Djava.io.tmpdir=" + MtaPodLayout.TMP_DIR)
        .endEnv()
        .addAllToEnv(model.awsEnv())
        .addNewPort()
        .withName("smtp")
        .withContainerPort(smtpPort(model))
        .withProtocol("TCP")
        .endPort()
        .addNewPort()
        .withName("admin")
        .withContainerPort(adminPort(model))
        .withProtocol("TCP")
        .endPort()
        // Spool recovery after a crash may take a while: liveness waits for startup.
        .withStartupProbe(probe(MtaPodLayout.HEALTH_PATH, 5, 60))
        .withLivenessProbe(probe(MtaPodLayout.HEALTH_PATH, 10, 3))
        .withReadinessProbe(probe(MtaPodLayout.READY_PATH, 5, 1))
        .withNewLifecycle()
        .withNewPreStop()
        .withNewExec()
        .withCommand(MtaPodLayout.drainCommand(adminPort(model), MtaPodLayout.adminTokenFile()))
        .endExec()
        .endPreStop()
        .endLifecycle()
        .withResources(
            new ResourceRequirementsBuilder().withRequests(REQUESTS).withLimits(LIMITS).build())
        .withSecurityContext(
            new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withRunAsNonRoot(true)
                .withCapabilities(new Capabilities(null, List.of("ALL")))
                .build())
        .withVolumeMounts(mounts(model))
        .build();
  }

  private static Probe probe(String path, int periodSeconds, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withPort(new IntOrString("admin"))
        .endHttpGet()
        .withPeriodSeconds(periodSeconds)
        .withFailureThreshold(failureThreshold)
        .withTimeoutSeconds(2)
        .build();
  }

  private static List<VolumeMount> mounts(DeliveryTierModel model) {
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(mount(CONFIG_VOLUME, MtaPodLayout.CONFIG_DIR, true));
    mounts.add(mount(SPOOL_VOLUME, MtaPodLayout.SPOOL_DIR, false));
    mounts.add(mount(TMP_VOLUME, MtaPodLayout.TMP_DIR, false));
    mounts.add(mount(ADMIN_TOKEN_VOLUME, MtaPodLayout.ADMIN_TOKEN_DIR, true));
    if (tls(model) != null) {
      mounts.add(mount(TLS_VOLUME, MtaPodLayout.TLS_DIR, true));
    }
    if (auth(model) != null) {
      mounts.add(mount(AUTH_VOLUME, MtaPodLayout.AUTH_DIR, true));
    }
    List<String> dkim = dkimSecrets(model);
    for (int i = 0; i < dkim.size(); i++) {
      mounts.add(mount(DKIM_VOLUME + i, MtaPodLayout.DKIM_DIR + "/" + dkim.get(i), true));
    }
    return mounts;
  }

  private static VolumeMount mount(String name, String path, boolean readOnly) {
    VolumeMount mount = new VolumeMount();
    mount.setName(name);
    mount.setMountPath(path);
    // Unset rather than false: the API server drops a false readOnly, and a desired false would
    // differ from every stored StatefulSet, which would then be applied again on each reconcile.
    mount.setReadOnly(readOnly ? Boolean.TRUE : null);
    return mount;
  }

  private static List<Volume> volumes(DeliveryTierModel model) {
    List<Volume> volumes = new ArrayList<>();
    volumes.add(
        new VolumeBuilder()
            .withName(CONFIG_VOLUME)
            .withNewConfigMap()
            .withName(model.identity().configMapName())
            .endConfigMap()
            .build());
    volumes.add(new VolumeBuilder().withName(TMP_VOLUME).withNewEmptyDir().endEmptyDir().build());
    volumes.add(
        secretVolume(
            ADMIN_TOKEN_VOLUME, model.identity().adminTokenSecretName(), MtaPodLayout.ADMIN_TOKEN));
    SecretReference tls = tls(model);
    if (tls != null) {
      volumes.add(
          new VolumeBuilder()
              .withName(TLS_VOLUME)
              .withNewSecret()
              .withSecretName(tls.getSecretName())
              .withDefaultMode(SECRET_FILE_MODE)
              .endSecret()
              .build());
    }
    SecretReference auth = auth(model);
    if (auth != null) {
      volumes.add(secretVolume(AUTH_VOLUME, auth.getSecretName(), MtaPodLayout.AUTH_USERS));
    }
    List<String> dkim = dkimSecrets(model);
    for (int i = 0; i < dkim.size(); i++) {
      volumes.add(secretVolume(DKIM_VOLUME + i, dkim.get(i), MtaPodLayout.DKIM_KEY));
    }
    return volumes;
  }

  /** A volume of one key of a Secret, as a file of the same name. */
  private static Volume secretVolume(String name, String secretName, String key) {
    return new VolumeBuilder()
        .withName(name)
        .withNewSecret()
        .withSecretName(secretName)
        .withDefaultMode(SECRET_FILE_MODE)
        .withItems(new KeyToPath(key, null, key))
        .endSecret()
        .build();
  }

  private static SecretReference auth(DeliveryTierModel model) {
    return model.settings().auth();
  }

  /** The DKIM key Secrets, each once (two selectors may share one), in spec order. */
  private static List<String> dkimSecrets(DeliveryTierModel model) {
    return model.settings().dkimKeys().stream().map(DkimKeySpec::getSecretName).distinct().toList();
  }

  private static SecretReference tls(DeliveryTierModel model) {
    return model.settings().tls();
  }

  private static PersistentVolumeClaim spoolClaim(DeliveryTierModel model) {
    String storageClass = model.settings().storageClassName();
    // apiVersion and kind spelled out: the API server stores them, and a template that lacks
    // them would differ from the stored one on every server-side-apply comparison.
    return new PersistentVolumeClaimBuilder()
        .withApiVersion("v1")
        .withKind("PersistentVolumeClaim")
        .withNewMetadata()
        .withName(SPOOL_VOLUME)
        .withLabels(model.identity().selectorLabels())
        .endMetadata()
        .withNewSpec()
        .withAccessModes("ReadWriteOnce")
        .withStorageClassName(storageClass)
        .withNewResources()
        .addToRequests("storage", new Quantity(model.settings().spoolSize()))
        .endResources()
        .endSpec()
        .build();
  }

  private static TopologySpreadConstraint spread(String topologyKey, TierIdentity id) {
    // ScheduleAnyway: a single-zone or single-node cluster still runs the tier, spread as it can.
    return new TopologySpreadConstraintBuilder()
        .withTopologyKey(topologyKey)
        .withMaxSkew(1)
        .withWhenUnsatisfiable("ScheduleAnyway")
        .withNewLabelSelector()
        .withMatchLabels(id.selectorLabels())
        .endLabelSelector()
        .build();
  }
}
