/**
 * The MTA's one YAML configuration file: validated records, defaults that start everything on
 * loopback, errors that name the offending field, and the writer the operator renders tier
 * configurations with. A module of its own (mailfleet-mta-config, Jackson only) so the MTA and the
 * operator share it (docs/adr/0012); the schema is documented in docs/mta-config.md.
 */
package io.mailfleet.mta.config;
