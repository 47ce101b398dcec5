package io.mailfleet.e2e;

import java.util.function.Consumer;

/**
 * Steps that undo what a test class made, run in order: each runs even when an earlier one failed,
 * so a failed step does not leave the later ones' objects, mounts or processes behind.
 */
final class Teardown {

  private Teardown() {}

  /**
   * The step that undoes {@code made} with {@code undo}, or nothing when the set-up failed before
   * it was made.
   */
  static <T> Runnable ifMade(T made, Consumer<? super T> undo) {
    return () -> {
      if (made != null) {
        undo.accept(made);
      }
    };
  }

  /** Runs every step; then throws the first failure, with the later ones suppressed in it. */
  static void inOrder(Runnable... steps) {
    RuntimeException first = null;
    for (Runnable step : steps) {
      try {
        step.run();
      } catch (RuntimeException | AssertionError e) {
        RuntimeException failure =
            e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
        if (first == null) {
          first = failure;
        } else {
          first.addSuppressed(failure);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
