package org.opentrove.workflows.saga;

import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Workflow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.opentrove.workflows.Failures;
import org.slf4j.Logger;

/**
 * A saga's undo list that never strands: {@link #run()} runs every undo, newest first, in a
 * detached scope (a cancelled workflow still cleans up), goes on past an undo that fails, and
 * answers what failed so the caller can record it. Temporal's {@code Saga} rethrows instead, which
 * would skip the caller's failure bookkeeping.
 */
public final class Compensations {
  private static final Logger LOG = Workflow.getLogger(Compensations.class);

  private record Undo(String name, Functions.Proc action) {}

  private final Deque<Undo> undos = new ArrayDeque<>();

  /** Registers {@code action} (named for the fault) before the step whose effect it undoes. */
  public void add(String name, Functions.Proc action) {
    undos.push(new Undo(name, action));
  }

  /** Runs every registered undo; answers "name: cause" for each that failed, empty if none did. */
  public List<String> run() {
    List<String> failed = new ArrayList<>();
    Workflow.newDetachedCancellationScope(
            () -> {
              for (Undo undo : undos) {
                try {
                  undo.action().apply();
                } catch (TemporalFailure e) {
                  String cause = Failures.causeOf(e);
                  LOG.warn("undo {} failed: {}", undo.name(), cause);
                  failed.add(undo.name() + ": " + cause);
                }
              }
            })
        .run();
    return failed;
  }

  /** {@code message}, followed by the undos that failed, if any. */
  public static String describe(String message, List<String> failedUndos) {
    if (failedUndos.isEmpty()) {
      return message;
    }
    return message
        + "; compensation failed, left for delete to remove: "
        + String.join("; ", failedUndos);
  }
}
