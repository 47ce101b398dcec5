/** Admin HTTP endpoints: health, readiness, metrics scrape, queue, sites, drain and transfer. */
package io.mailfleet.mta.admin;
