/**
 * The delivery queue: a timer wheel of scheduled retries, ready queues per destination site, the
 * retry schedule and the per-recipient outcomes of a delivery attempt. No network I/O here: a
 * {@link io.mailfleet.mta.queue.SiteTransport} does the talking.
 */
package io.mailfleet.mta.queue;
