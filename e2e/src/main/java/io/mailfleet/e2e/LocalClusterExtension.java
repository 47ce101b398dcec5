package io.mailfleet.e2e;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Connects a test class to the API server {@code KUBECONFIG} names, in a namespace of its own. */
public final class LocalClusterExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(LocalClusterExtension.class);
  private static final String CLIENT = "client";

  @Override
  public void beforeAll(ExtensionContext context) {
    Config base = Config.autoConfigure(null);
    String namespace = namespaceFor(context.getRequiredTestClass());
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder(base).withNamespace(namespace).build())
            .build();
    try {
      HarnessProbe.requireReady(client);
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
    context.getStore(STORE).put(CLIENT, client);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    KubernetesClient client = context.getStore(STORE).remove(CLIENT, KubernetesClient.class);
    if (client == null) {
      return;
    }
    try {
      client.namespaces().withName(client.getNamespace()).delete();
    } finally {
      client.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KubernetesClient.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getStore(STORE).get(CLIENT, KubernetesClient.class);
  }

  private static String namespaceFor(Class<?> testClass) {
    String name = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    return "it-" + name.substring(0, Math.min(name.length(), 40)) + "-" + suffix;
  }
}
