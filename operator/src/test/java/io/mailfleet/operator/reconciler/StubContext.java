package io.mailfleet.operator.reconciler;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.V1APIGroupDSL;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.managed.ManagedWorkflowAndDependentResourceContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The JOSDK {@link Context} a reconciler is handed, stubbed as the SDK's testing guide does: the
 * secondary resources its informers would hold, the managed workflow, and a client that finds the
 * Secrets a test created and keeps the Events a reconciler creates.
 */
final class StubContext<P extends HasMetadata> {

  private final Context<P> context;
  private final ManagedWorkflowAndDependentResourceContext workflow =
      mock(ManagedWorkflowAndDependentResourceContext.class);
  private final Set<String> secrets = new HashSet<>();
  private final List<Event> events = new ArrayList<>();

  /** A context whose client answers for {@code namespace}, the primary resource's namespace. */
  @SuppressWarnings("unchecked")
  StubContext(String namespace) {
    context = mock(Context.class);
    KubernetesClient client = mock(KubernetesClient.class);
    when(context.getClient()).thenReturn(client);
    when(context.managedWorkflowAndDependentResourceContext()).thenReturn(workflow);

    MixedOperation<Secret, SecretList, Resource<Secret>> allSecrets = mock(MixedOperation.class);
    NonNamespaceOperation<Secret, SecretList, Resource<Secret>> namespaceSecrets =
        mock(NonNamespaceOperation.class);
    when(client.secrets()).thenReturn(allSecrets);
    when(allSecrets.inNamespace(namespace)).thenReturn(namespaceSecrets);
    when(namespaceSecrets.withName(anyString()))
        .thenAnswer(call -> secret(call.getArgument(0, String.class)));

    V1APIGroupDSL v1 = mock(V1APIGroupDSL.class);
    MixedOperation<Event, EventList, Resource<Event>> allEvents = mock(MixedOperation.class);
    NonNamespaceOperation<Event, EventList, Resource<Event>> namespaceEvents =
        mock(NonNamespaceOperation.class);
    when(client.v1()).thenReturn(v1);
    when(v1.events()).thenReturn(allEvents);
    when(allEvents.inNamespace(namespace)).thenReturn(namespaceEvents);
    when(namespaceEvents.resource(any())).thenAnswer(call -> event(call.getArgument(0)));
  }

  /** The context the reconciler under test is called with. */
  Context<P> context() {
    return context;
  }

  /** Makes {@code resource} the one secondary resource of its kind, as its informer would. */
  @SuppressWarnings("unchecked")
  <R extends HasMetadata> StubContext<P> holding(R resource) {
    Class<R> kind = (Class<R>) resource.getClass();
    when(context.getSecondaryResource(kind)).thenReturn(Optional.of(resource));
    when(context.getSecondaryResources(kind)).thenReturn(Set.of(resource));
    return this;
  }

  /** Makes {@code resources} the secondary resources of {@code kind}. */
  <R extends HasMetadata> StubContext<P> holding(Class<R> kind, Set<R> resources) {
    when(context.getSecondaryResources(kind)).thenReturn(resources);
    return this;
  }

  /** Creates the Secret {@code name} in the namespace; the client finds no other. */
  StubContext<P> withSecret(String name) {
    secrets.add(name);
    return this;
  }

  /** The managed workflow (the tier's dependents), for checking whether it ran. */
  ManagedWorkflowAndDependentResourceContext workflow() {
    return workflow;
  }

  /** Every Event the reconciler created in the namespace, in order. */
  List<Event> events() {
    return List.copyOf(events);
  }

  @SuppressWarnings("unchecked")
  private Resource<Secret> secret(String name) {
    Resource<Secret> secret = mock(Resource.class);
    when(secret.get()).thenAnswer(call -> secrets.contains(name) ? new Secret() : null);
    return secret;
  }

  @SuppressWarnings("unchecked")
  private Resource<Event> event(Event event) {
    Resource<Event> resource = mock(Resource.class);
    when(resource.create())
        .thenAnswer(
            call -> {
              events.add(event);
              return event;
            });
    return resource;
  }
}
