/** One handler per SMTP verb, in the manner of Apache James: each decides a reply, nothing more. */
package io.mailfleet.mta.smtp.command;
