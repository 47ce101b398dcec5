/**
 * Bounces: RFC 3464 delivery status notifications (multipart/report, RFC 6522) to the envelope
 * sender for recipients that failed permanently or expired; never to the null sender.
 */
package io.mailfleet.mta.bounce;
