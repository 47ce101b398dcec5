package io.mailfleet.operator.model;

import static io.mailfleet.operator.model.IpPoolFixtures.converged;
import static io.mailfleet.operator.model.IpPoolFixtures.model;
import static io.mailfleet.operator.model.IpPoolFixtures.ours;
import static io.mailfleet.operator.model.IpPoolFixtures.pool;
import static org.assertj.core.api.Assertions.assertThat;

import io.mailfleet.operator.api.v1alpha1.ReleasePolicy;
import io.mailfleet.operator.model.AddressAction.Allocate;
import io.mailfleet.operator.model.AddressAction.Disassociate;
import io.mailfleet.operator.model.AddressAction.Release;
import io.mailfleet.operator.model.AddressAction.ReleaseCause;
import io.mailfleet.operator.model.AddressAction.ResetPtr;
import io.mailfleet.operator.model.AddressAction.SetPtr;
import io.mailfleet.operator.model.AddressAction.Tag;
import io.mailfleet.operator.model.AddressAction.Untag;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The AWS writes that take a pool's addresses to its spec. */
class AddressPlanTest {

  @Test
  void aConvergedPoolNeedsNoWrite() {
    IpPoolModel model = model(pool(3, ReleasePolicy.RELEASE));
    List<ElasticIp> observed =
        List.of(
            converged(model, 0, "eipalloc-0a"),
            converged(model, 1, "eipalloc-0b"),
            converged(model, 2, "eipalloc-0c"));

    AddressPlan plan = AddressPlan.of(model, observed);

    assertThat(plan.converged()).isTrue();
    assertThat(plan.actions()).isEmpty();
    assertThat(plan.holders()).containsOnlyKeys(0, 1, 2);
  }

  @Test
  void aPtrThatAwsIsStillApplyingIsNotRequestedAgain() {
    IpPoolModel model = model(pool(1, ReleasePolicy.RELEASE));
    ElasticIp pending =
        converged(model, 0, "eipalloc-0a")
            .withPtr(new PtrRecord(null, "o0.mail.example.com", "PENDING", null));

    assertThat(AddressPlan.of(model, List.of(pending)).actions()).isEmpty();
  }

  @Test
  void aNameAwsRefusedIsAskedForAgainOnlyWhenRetrying() {
    IpPoolModel model = model(pool(1, ReleasePolicy.RELEASE));
    ElasticIp refused =
        converged(model, 0, "eipalloc-0a")
            .withPtr(new PtrRecord(null, "o0.mail.example.com.", "FAILED", "no A record"));

    assertThat(AddressPlan.of(model, List.of(refused)).actions()).isEmpty();
    assertThat(AddressPlan.of(model, List.of(refused), true).actions())
        .containsExactly(new SetPtr(0, "eipalloc-0a", "o0.mail.example.com"));
  }

  @Test
  void anEmptyPoolAllocatesEveryIndexWithItsTagsOnTheCall() {
    IpPoolModel model = model(pool(2, ReleasePolicy.RETAIN));

    AddressPlan plan = AddressPlan.of(model, List.of());

    assertThat(plan.actions()).extracting(AddressAction::index).containsExactly(0, 1);
    Allocate first = (Allocate) plan.actions().get(0);
    assertThat(first.tags())
        .containsEntry(OwnershipTags.CLUSTER_ID, IpPoolFixtures.CLUSTER)
        .containsEntry(OwnershipTags.OWNER_UID, IpPoolFixtures.UID)
        .containsEntry(OwnershipTags.NAMESPACE, "mail-eu")
        .containsEntry(OwnershipTags.NAME, "outbound")
        .containsEntry(OwnershipTags.INDEX, "0")
        .containsEntry(OwnershipTags.RELEASE_POLICY, "Retain")
        .containsEntry("team", "mail")
        .doesNotContainKey(OwnershipTags.ADOPTED);
  }

  @Test
  void anAddressFoundByItsTagsIsKeptNotAllocatedAgain() {
    IpPoolModel model = model(pool(2, ReleasePolicy.RELEASE));
    // The operator died after AllocateAddress for index 0, before it wrote the status.
    ElasticIp survivor = ours(0, "eipalloc-0a", "Release");

    AddressPlan plan = AddressPlan.of(model, List.of(survivor));

    assertThat(plan.holders()).containsEntry(0, survivor);
    assertThat(plan.actions())
        .filteredOn(Allocate.class::isInstance)
        .extracting(AddressAction::index)
        .containsExactly(1);
    assertThat(plan.actions())
        .filteredOn(SetPtr.class::isInstance)
        .extracting(AddressAction::allocationId)
        .containsExactly("eipalloc-0a");
  }

  @Test
  void aSecondAddressForAnIndexIsReleasedAndTheLowestIdKept() {
    IpPoolModel model = model(pool(1, ReleasePolicy.RETAIN));
    ElasticIp first = converged(model, 0, "eipalloc-01");
    ElasticIp retried = ours(0, "eipalloc-02", "Retain");

    AddressPlan plan = AddressPlan.of(model, List.of(retried, first));

    assertThat(plan.holders()).containsEntry(0, first);
    assertThat(plan.actions())
        .containsExactly(
            new Release(0, "eipalloc-02", "203.0.113.0", "eu-west-1", ReleaseCause.DUPLICATE));
  }

  @Test
  void shrinkingUnderReleaseDisassociatesResetsThePtrThenReleases() {
    IpPoolModel model = model(pool(1, ReleasePolicy.RELEASE));
    ElasticIp bound =
        new ElasticIp(
            "eipalloc-0b",
            "198.51.100.11",
            "eipassoc-1",
            "eu-west-1",
            model.tagsFor(new DesiredAddress(1, null, null)),
            new PtrRecord("o1.mail.example.com.", null, null, null));

    AddressPlan plan = AddressPlan.of(model, List.of(converged(model, 0, "eipalloc-0a"), bound));

    assertThat(plan.actions())
        .containsExactly(
            new Disassociate(1, "eipalloc-0b", "eipassoc-1"),
            new ResetPtr(1, "eipalloc-0b"),
            new Release(1, "eipalloc-0b", "198.51.100.11", "eu-west-1", ReleaseCause.LEFT_POOL));
  }

  @Test
  void shrinkingUnderRetainTakesOffOnlyTheOwnershipTags() {
    IpPoolModel model = model(pool(1, ReleasePolicy.RETAIN));
    ElasticIp leaving = ours(1, "eipalloc-0b", "Retain");

    AddressPlan plan = AddressPlan.of(model, List.of(converged(model, 0, "eipalloc-0a"), leaving));

    assertThat(plan.actions()).hasSize(1);
    Untag untag = (Untag) plan.actions().get(0);
    assertThat(untag.allocationId()).isEqualTo("eipalloc-0b");
    assertThat(untag.keys())
        .contains(OwnershipTags.CLUSTER_ID, OwnershipTags.OWNER_UID, OwnershipTags.INDEX)
        .doesNotContain("team");
  }

  @Test
  void anAdoptedAddressIsTaggedAsAdoptedAndNeverReleased() {
    IpPoolModel model = model(IpPoolFixtures.adopting(List.of("eipalloc-0feed")));
    ElasticIp untagged =
        new ElasticIp("eipalloc-0feed", "192.0.2.7", null, "eu-west-1", Map.of(), null);

    AddressPlan adopt = AddressPlan.of(model, List.of(untagged));
    Tag tag = (Tag) adopt.actions().get(0);
    ElasticIp adopted = untagged.withTags(tag.tags());
    IpPoolModel removed = model(IpPoolFixtures.adopting(List.of("eipalloc-0other")));

    assertThat(tag.tags()).containsEntry(OwnershipTags.ADOPTED, "true");
    assertThat(AddressPlan.deletion(model, List.of(adopted)))
        .noneMatch(Release.class::isInstance)
        .anyMatch(Untag.class::isInstance);
    assertThat(AddressPlan.of(removed, List.of(adopted)).actions())
        .noneMatch(Release.class::isInstance);
  }

  @Test
  void anAddressWithoutThePoolsTagsIsNeverTouched() {
    IpPoolModel model = model(pool(1, ReleasePolicy.RELEASE));
    ElasticIp foreign =
        new ElasticIp(
            "eipalloc-0ff", "192.0.2.9", "eipassoc-9", "eu-west-1", Map.of("team", "mail"), null);

    AddressPlan plan = AddressPlan.of(model, List.of(converged(model, 0, "eipalloc-0a"), foreign));

    assertThat(plan.actions()).isEmpty();
    assertThat(AddressPlan.deletion(model, List.of(foreign))).isEmpty();
  }

  @Test
  void aChangedReleasePolicyIsRecordedOnTheAddress() {
    IpPoolModel model = model(pool(1, ReleasePolicy.RELEASE));
    ElasticIp recordedRetain =
        ours(0, "eipalloc-0a", "Retain")
            .withPtr(new PtrRecord("o0.mail.example.com", null, null, null));

    assertThat(AddressPlan.of(model, List.of(recordedRetain)).actions())
        .containsExactly(
            new Tag(0, "eipalloc-0a", Map.of(OwnershipTags.RELEASE_POLICY, "Release")));
  }

  @Test
  void anOrphanIsReleasedOnlyWhenItRecordedRelease() {
    assertThat(AddressPlan.orphan(ours(0, "eipalloc-0a", "Release")))
        .singleElement()
        .isInstanceOf(Release.class);
    assertThat(AddressPlan.orphan(ours(0, "eipalloc-0a", "Retain")))
        .singleElement()
        .isInstanceOf(Untag.class);
  }

  @Test
  void anAdoptedIdThatAwsDoesNotKnowIsNamed() {
    IpPoolModel model = model(IpPoolFixtures.adopting(List.of("eipalloc-0feed", "eipalloc-0gone")));
    ElasticIp known = new ElasticIp("eipalloc-0feed", "192.0.2.7", null, null, Map.of(), null);

    assertThat(AddressPlan.notFound(model, List.of(known))).containsExactly("eipalloc-0gone");
  }
}
