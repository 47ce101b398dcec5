package io.mailfleet.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.function.Supplier;

/** What every reconciler reads of its custom resource and how it writes the status back. */
final class PrimaryResource {

  private PrimaryResource() {}

  static String namespace(HasMetadata resource) {
    return resource.getMetadata().getNamespace();
  }

  static String name(HasMetadata resource) {
    return resource.getMetadata().getName();
  }

  /**
   * A fresh object of the resource's kind holding only {@code status}: the operator never writes
   * spec, and server-side apply of this object claims nothing but the status fields.
   */
  static <S, R extends CustomResource<?, S>> R withOnlyStatus(
      R resource, S status, Supplier<R> kind) {
    R fresh = kind.get();
    fresh.setMetadata(
        new ObjectMetaBuilder()
            .withName(name(resource))
            .withNamespace(namespace(resource))
            .build());
    fresh.setStatus(status);
    return fresh;
  }
}
