package io.mailfleet.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that needs a real Kubernetes API server. Test methods and constructors may
 * take a {@link io.fabric8.kubernetes.client.KubernetesClient} whose default namespace is a fresh
 * namespace made for the class and deleted after it.
 *
 * <p>The cluster is the one {@code KUBECONFIG} names; {@code make cluster-up} starts the local one.
 * When none answers, every test in the class fails and says how to start it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(LocalClusterExtension.class)
public @interface LocalCluster {}
