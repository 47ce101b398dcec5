/**
 * Egress pools and sources: which local address and EHLO name outbound connections use, chosen by
 * weight under daily warm-up caps whose counts survive a restart. No Netty, no queue.
 */
package io.mailfleet.mta.egress;
