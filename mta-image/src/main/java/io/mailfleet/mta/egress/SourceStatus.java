package io.mailfleet.mta.egress;

/**
 * One egress source as {@code GET /api/v1/sources} reports it.
 *
 * @param pool the pool it belongs to
 * @param name its name
 * @param bindAddress the local address it binds, or {@code null} for the kernel's choice
 * @param ehloName the name it gives in EHLO
 * @param publicIp the public IP it maps to, or {@code null}
 * @param weight its share of the pool's connections
 * @param sentToday messages sent (or reserved by open connections) since UTC midnight
 * @param dailyCap messages it may send per UTC day, or {@code null} when warm
 * @param capped whether it reached today's cap
 * @param capsResetAt when the counts start again (ISO-8601 instant, the next UTC midnight)
 */
public record SourceStatus(
    String pool,
    String name,
    String bindAddress,
    String ehloName,
    String publicIp,
    int weight,
    long sentToday,
    Long dailyCap,
    boolean capped,
    String capsResetAt) {}
