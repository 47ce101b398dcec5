/**
 * Messages submitted as JSON, over the HTTP injection API or from an SQS queue, and acknowledged (a
 * 202, an SQS delete) only once durable in the spool.
 */
package io.mailfleet.mta.inject;
