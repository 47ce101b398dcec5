/**
 * What the two ways mail comes in (the SMTP listener and the HTTP injection API) share: the gate
 * that closes on drain, which door a message used, and the closed set of reasons for a refusal.
 */
package io.mailfleet.mta.intake;
