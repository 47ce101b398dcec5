/**
 * The ESMTP server: bootstrap ({@link io.mailfleet.mta.smtp.SmtpServer}), pipeline ({@link
 * io.mailfleet.mta.smtp.SmtpServerInitializer}), the channel handler that drives a session ({@link
 * io.mailfleet.mta.smtp.SmtpServerHandler}), the line codec, and one command class per verb in
 * {@code io.mailfleet.mta.smtp.command}.
 */
package io.mailfleet.mta.smtp;
