/** The MTA's Prometheus metrics: one registry, labels from closed sets only. */
package io.mailfleet.mta.metrics;
