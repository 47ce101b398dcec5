package io.mailfleet.mta.spool;

/**
 * What the spool holds now.
 *
 * @param messages committed messages not yet completed
 * @param bytes their content bytes
 */
public record SpoolStats(long messages, long bytes) {}
