/**
 * Which clients, senders and recipients the SMTP server accepts, behind hook interfaces. Relay is
 * allowed to authenticated users and to listed client networks only; nothing else is relayed.
 */
package io.mailfleet.mta.policy;
