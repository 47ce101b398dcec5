/** The HTTP injection API: messages submitted as JSON, acknowledged only once durable. */
package io.mailfleet.mta.inject;
