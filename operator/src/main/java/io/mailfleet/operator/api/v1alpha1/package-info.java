/**
 * The mailfleet.io/v1alpha1 custom resources: MailCluster, DeliveryTier and SendingIpPool.
 *
 * <p>These classes are the source of the CRDs in {@code crds/}: descriptions, defaults and
 * validation (OpenAPI and CEL) live here as annotations, so the API server refuses bad input and
 * the operator never writes spec.
 */
package io.mailfleet.operator.api.v1alpha1;
