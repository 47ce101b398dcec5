package io.mailfleet.mta.queue;

import java.util.concurrent.CompletableFuture;

/** Finds the site of a recipient domain (routing and DNS), without blocking the caller. */
public interface SiteLocator {

  /** The placement of {@code domain}'s jobs; completes when routing has an answer. */
  CompletableFuture<Placement> locate(String domain);
}
