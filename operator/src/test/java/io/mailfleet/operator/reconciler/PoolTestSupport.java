package io.mailfleet.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.mailfleet.operator.api.v1alpha1.AwsAddressSettings;
import io.mailfleet.operator.api.v1alpha1.Condition;
import io.mailfleet.operator.api.v1alpha1.ConditionStatus;
import io.mailfleet.operator.api.v1alpha1.ReleasePolicy;
import io.mailfleet.operator.api.v1alpha1.SendingIpPool;
import io.mailfleet.operator.api.v1alpha1.SendingIpPoolSpec;
import io.mailfleet.operator.model.ConditionTransitions;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;

/** SendingIpPools made, changed and awaited on the API server, and EC2 shapes, for the ITs. */
final class PoolTestSupport {

  static final Duration WITHIN = Duration.ofSeconds(60);

  private PoolTestSupport() {}

  static SendingIpPool pool(String name, int size, ReleasePolicy policy) {
    SendingIpPool pool = new SendingIpPool();
    pool.setMetadata(new ObjectMetaBuilder().withName(name).build());
    pool.setSpec(
        new SendingIpPoolSpec()
            .setSize(size)
            .setAws(new AwsAddressSettings().setTags(Map.of("team", "mail")))
            .setReleasePolicy(policy));
    return pool;
  }

  /**
   * Releases the addresses a test's Retain pool leaves behind untagged (its cluster id tag goes
   * with them, so a release by tag cannot find them); one already gone is fine.
   */
  static void releaseRetained(Ec2Client ec2, Collection<String> allocationIds) {
    for (String id : allocationIds) {
      try {
        ec2.releaseAddress(r -> r.allocationId(id));
      } catch (Ec2Exception e) {
        if (!"InvalidAllocationID.NotFound".equals(e.awsErrorDetails().errorCode())) {
          throw e;
        }
      }
    }
  }

  static SendingIpPool create(KubernetesClient client, SendingIpPool pool) {
    return client.resource(pool).create();
  }

  static void resize(KubernetesClient client, String name, int size) {
    // A merge patch without a resourceVersion: the operator writes the pool too (finalizer,
    // status), and a user's resize does not conflict with those writes.
    client
        .resources(SendingIpPool.class)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"size\":" + size + "}}");
  }

  static SendingIpPool status(KubernetesClient client, String name) {
    SendingIpPool pool = client.resources(SendingIpPool.class).withName(name).get();
    assertThat(pool.getStatus()).as("status of " + name).isNotNull();
    return pool;
  }

  static SendingIpPool awaitReady(KubernetesClient client, String name) {
    return await()
        .atMost(WITHIN)
        .until(
            () -> client.resources(SendingIpPool.class).withName(name).get(),
            p ->
                p.getStatus() != null
                    && condition(p, "Ready")
                        .map(c -> c.getStatus() == ConditionStatus.TRUE)
                        .orElse(false)
                    && p.getMetadata()
                        .getGeneration()
                        .equals(p.getStatus().getObservedGeneration()));
  }

  static void awaitAllocated(KubernetesClient client, String name, int count) {
    await()
        .atMost(WITHIN)
        .untilAsserted(
            () -> {
              SendingIpPool seen = status(client, name);
              assertThat(seen.getStatus().getObservedGeneration())
                  .isEqualTo(seen.getMetadata().getGeneration());
              assertThat(seen.getStatus().getAllocated()).isEqualTo(count);
            });
  }

  static Optional<Condition> condition(SendingIpPool pool, String type) {
    return pool.getStatus() == null
        ? Optional.empty()
        : ConditionTransitions.find(pool.getStatus().getConditions(), type);
  }

  static Filter filter(String name, List<String> values) {
    return Filter.builder().name(name).values(values).build();
  }

  static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }

  static Map<String, String> tags(Address address) {
    Map<String, String> tags = new HashMap<>();
    address.tags().forEach(t -> tags.put(t.key(), t.value()));
    return tags;
  }
}
