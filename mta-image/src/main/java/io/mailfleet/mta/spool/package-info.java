/**
 * The durable message store: {@link io.mailfleet.mta.spool.Spool} is what SMTP and injection code
 * against, {@link io.mailfleet.mta.spool.FileSpool} the file implementation (segments, group
 * commit, completion journals, recovery).
 */
package io.mailfleet.mta.spool;
