package org.opentrove.api.views;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opentrove.model.OperationType;
import org.opentrove.store.OperationRow;
import org.opentrove.store.OperationStepRow;

/** An operation: what was asked (secrets redacted), where it is, and how each step went. */
public final class OperationView {
  private final ObjectMapper json;

  public OperationView(ObjectMapper json) {
    this.json = json;
  }

  public Map<String, Object> of(OperationRow operation, List<OperationStepRow> steps) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", operation.id());
    view.put("type", operation.type());
    view.put(
        "resource",
        Map.of("type", operation.resourceType(), "id", operation.resourceId().toString()));
    view.put("requester", operation.requester());
    view.put("request", request(operation));
    view.put("state", operation.state().name());
    if (operation.scheduledFor() != null) {
      view.put("scheduled_for", Times.format(operation.scheduledFor()));
    }
    view.put("current_step", operation.currentStep());
    view.put("error", operation.error());
    view.put("progress", progress(operation, steps));
    view.put("steps", steps.stream().map(OperationView::step).toList());
    view.put("created", Times.format(operation.created()));
    view.put("updated", Times.format(operation.updated()));
    return view;
  }

  private Object request(OperationRow operation) {
    try {
      return json.readTree(operation.request());
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static Map<String, Object> step(OperationStepRow step) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", step.step());
    view.put("attempt", step.attempt());
    view.put("started", Times.format(step.started()));
    view.put("finished", Times.format(step.finished()));
    view.put(
        "duration_ms",
        step.finished() == null
            ? null
            : step.finished().toEpochMilli() - step.started().toEpochMilli());
    view.put("error", step.error());
    if (step.detail() != null) {
      view.put("detail", step.detail());
    }
    return view;
  }

  /** Finished steps out of the steps this operation type has, as a percentage. */
  private static Map<String, Object> progress(
      OperationRow operation, List<OperationStepRow> steps) {
    Optional<OperationType> type = OperationType.ofId(operation.id());
    List<String> entered = steps.stream().map(OperationStepRow::step).toList();
    List<String> expected =
        type.map(
                t ->
                    t.steps().stream()
                        .filter(s -> !t.conditionalSteps().contains(s) || entered.contains(s))
                        .toList())
            .orElse(List.of());
    long done =
        steps.stream()
            .filter(s -> s.finished() != null && s.error() == null)
            .filter(s -> expected.contains(s.step()))
            .count();
    int percent =
        switch (operation.state()) {
          case SUCCEEDED -> 100;
          default -> expected.isEmpty() ? 0 : (int) (100 * done / expected.size());
        };
    return Map.of("steps_done", done, "steps_total", expected.size(), "percent", percent);
  }
}
