/** Netty HTTP/1.1 plumbing shared by the admin and injection listeners. */
package io.mailfleet.mta.http;
