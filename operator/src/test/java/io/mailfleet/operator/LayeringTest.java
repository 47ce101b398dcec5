package io.mailfleet.operator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The operator's three layers (STYLE.md rule 1): {@code api} (the CR classes) is used by {@code
 * model} (pure translation), which is used by the I/O packages ({@code reconciler}, {@code
 * metrics}, {@code aws}, and {@code scaling} when it comes); never the other way round. The AWS SDK
 * stays behind the ports of {@code aws}.
 */
class LayeringTest {

  private static final JavaClasses OPERATOR =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.mailfleet.operator");

  @Test
  void layersAreUsedOnlyFromAbove() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("api")
        .definedBy("io.mailfleet.operator.api..")
        .layer("model")
        .definedBy("io.mailfleet.operator.model..")
        .layer("io")
        .definedBy(
            "io.mailfleet.operator.reconciler..",
            "io.mailfleet.operator.metrics..",
            "io.mailfleet.operator.aws..",
            "io.mailfleet.operator.scaling..")
        .whereLayer("io")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("model")
        .mayOnlyBeAccessedByLayers("io")
        .whereLayer("api")
        .mayOnlyBeAccessedByLayers("model", "io")
        .check(OPERATOR);
  }

  @Test
  void scalingPolicyDoesNoIo() {
    // The decision is a pure function of the policy, the observed load and the time it is given,
    // so its unit tests drive it with a clock of their own; the HTTP and Kubernetes calls around
    // it live in the other classes of the package.
    noClasses()
        .that()
        .haveNameMatching(
            "io\\.mailfleet\\.operator\\.scaling\\.(ReplicaRecommender|ScalingPolicy|ScalingDecision|ScalingReason|TierLoad|PodQueue)(\\$.*)?")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.fabric8.kubernetes.client..",
            "io.javaoperatorsdk..",
            "software.amazon..",
            "java.net..")
        .orShould()
        .dependOnClassesThat()
        .haveFullyQualifiedName("java.time.Clock")
        .check(OPERATOR);
  }

  @Test
  void modelDoesNoIo() {
    // The fabric8 model classes (StatefulSet, ConfigMap, ...) are data and allowed; the client,
    // the operator SDK, the AWS SDK and Netty are I/O and belong to the layer above.
    noClasses()
        .that()
        .resideInAPackage("io.mailfleet.operator.model..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.fabric8.kubernetes.client..",
            "io.javaoperatorsdk..",
            "software.amazon..",
            "io.netty..")
        .check(OPERATOR);
  }

  @Test
  void onlyTheAwsAdaptersUseTheAwsSdk() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.mailfleet.operator.aws..")
        .and()
        .resideInAPackage("io.mailfleet.operator..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("software.amazon..")
        .check(OPERATOR);
  }

  @Test
  void awsAdaptersKnowNothingOfTheReconcilersOrKubernetes() {
    // The ports speak the model's types; what a pool is in Kubernetes is the reconciler's business.
    noClasses()
        .that()
        .resideInAPackage("io.mailfleet.operator.aws..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.mailfleet.operator.reconciler..",
            "io.mailfleet.operator.metrics..",
            "io.fabric8.kubernetes.client..",
            "io.javaoperatorsdk..")
        .check(OPERATOR);
  }
}
