/**
 * Outbound delivery: where a site's mail goes ({@link io.mailfleet.mta.delivery.Router}), the
 * outbound SMTP client on Netty {@code codec-smtp}, and the event log of outcomes.
 */
package io.mailfleet.mta.delivery;
