/**
 * The ESMTP server: bootstrap ({@link io.mailfleet.mta.smtp.SmtpServer}), pipeline ({@link
 * io.mailfleet.mta.smtp.SmtpServerInitializer}), the channel handler that drives a session ({@link
 * io.mailfleet.mta.smtp.SmtpServerHandler}) and the line codec. The session reaches the verbs
 * through {@link io.mailfleet.mta.smtp.SmtpVerbs}; one command class per verb lives in {@code
 * io.mailfleet.mta.smtp.command}, which depends on this package and not the reverse.
 */
package io.mailfleet.mta.smtp;
