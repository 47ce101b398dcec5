/**
 * The operator's Prometheus metrics (JOSDK's reconcile metrics bridged into the Prometheus Java
 * client, resources by kind and readiness, reconcile errors by reason) and its HTTP endpoints:
 * {@code /metrics}, {@code /healthz}, {@code /readyz}.
 */
package io.mailfleet.operator.metrics;
