/** The mailfleet MTA: accepts mail over SMTP and HTTP, spools it durably and delivers it. */
package io.mailfleet.mta;
