package org.opentrove.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.opentrove.api.errors.TroveError;
import org.opentrove.store.InstanceRow;

/**
 * When a mutating action was asked to run: {@code "apply_at"} in the action's object, an ISO-8601
 * time with its offset or {@code "next_window"} (the instance's maintenance window). Absent: now.
 */
public final class ApplyAt {
  private static final Duration FURTHEST = Duration.ofDays(366);

  private ApplyAt() {}

  public static Optional<Instant> of(JsonNode action, InstanceRow instance, Instant now) {
    JsonNode value = action == null || !action.isObject() ? null : action.get("apply_at");
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw invalid();
    }
    if (value.asText().equals("next_window")) {
      if (instance.maintenanceWindow() == null) {
        throw TroveError.badRequest(
            "Instance "
                + instance.id()
                + " has no maintenance window; set one with an update of"
                + " {\"instance\": {\"maintenance_window\": \"sun:03:00-sun:04:00\"}}.");
      }
      return Optional.of(MaintenanceWindow.parse(instance.maintenanceWindow()).nextStart(now));
    }
    Instant at;
    try {
      at = OffsetDateTime.parse(JsonFields.string(value, "apply_at", 64)).toInstant();
    } catch (DateTimeParseException e) {
      throw invalid();
    }
    if (!at.isAfter(now)) {
      throw TroveError.badRequest("'apply_at' must be in the future.");
    }
    if (at.isAfter(now.plus(FURTHEST))) {
      throw TroveError.badRequest("'apply_at' must be within a year.");
    }
    return Optional.of(at);
  }

  private static TroveError invalid() {
    return TroveError.badRequest(
        "'apply_at' must be an ISO-8601 time with its offset (2026-12-24T03:00:00Z)"
            + " or \"next_window\".");
  }
}
