/** Admin HTTP endpoints (health, readiness, metrics, queue, drain) and the MTA's metrics. */
package io.mailfleet.mta.admin;
