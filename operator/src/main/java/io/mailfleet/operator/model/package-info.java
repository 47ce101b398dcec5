/**
 * Pure translation of the custom resources into the Kubernetes objects and MTA configuration they
 * stand for. Nothing here talks to the API server: every class is a function of its inputs, so it
 * is tested without a cluster.
 */
package io.mailfleet.operator.model;
