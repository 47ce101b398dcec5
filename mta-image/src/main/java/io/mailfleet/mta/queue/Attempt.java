package io.mailfleet.mta.queue;

/**
 * Where a delivery attempt went, for the event log: any field may be {@code null} when the attempt
 * never got that far (a domain that does not exist has no site, source or remote).
 *
 * @param pool the egress pool
 * @param site the destination site
 * @param source where the connection came from (bind address / EHLO name)
 * @param remote the next hop that answered, {@code host:port}
 */
public record Attempt(String pool, String site, String source, String remote) {}
