/**
 * The MTA's one YAML configuration file: validated records, defaults that start everything on
 * loopback, and errors that name the offending field. The schema is documented in
 * docs/mta-config.md.
 */
package io.mailfleet.mta.config;
