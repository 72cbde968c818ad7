package org.opentrove.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.api.errors.TroveError;
import org.opentrove.model.OperationType;
import org.opentrove.store.InstanceDao;
import org.opentrove.store.InstanceRow;
import org.opentrove.store.OperationDao;
import org.opentrove.temporal.WorkflowIds;

/**
 * Trove's instance update ({@code PUT}, and {@code PATCH}, its deprecated twin): {@code
 * {"instance": {"name", and one of "replica_of"/"slave_of", "configuration", "datastore_version",
 * "access"}}}. The whole body is checked before anything changes. A rename is done at once and
 * recorded as an operation; {@code replica_of} (or {@code slave_of}) detaches a replica; the other
 * attributes belong to features this service does not have yet and are refused, as a whole request,
 * with a 501 naming them.
 */
public class InstanceUpdates {
  private static final int MAX_NAME_LENGTH = 255;
  private static final Set<String> KNOWN =
      Set.of(
          "name",
          "maintenance_window",
          "auto_failover",
          "replica_of",
          "slave_of",
          "configuration",
          "datastore_version",
          "access");

  /** Attributes set on the record at once; any number of them go with one other attribute. */
  private static final Set<String> PLAIN = Set.of("name", "maintenance_window", "auto_failover");

  private final Jdbi jdbi;
  private final InstanceService instances;
  private final ReplicaService replicas;
  private final ObjectMapper json;
  private final Clock clock;

  public InstanceUpdates(
      Jdbi jdbi,
      InstanceService instances,
      ReplicaService replicas,
      ObjectMapper json,
      Clock clock) {
    this.jdbi = jdbi;
    this.instances = instances;
    this.replicas = replicas;
    this.json = json;
    this.clock = clock;
  }

  /** Applies the update; returns the id of the operation recording it. */
  public String update(String projectId, String id, JsonNode body) {
    if (body == null || !body.isObject() || !body.path("instance").isObject()) {
      throw TroveError.badRequest("The request body must be an object with an 'instance' object.");
    }
    JsonNode instance = body.get("instance");
    int others = 0;
    for (Iterator<String> keys = instance.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!KNOWN.contains(key)) {
        throw TroveError.badRequest(
            "Additional properties are not allowed: 'instance' takes name, maintenance_window,"
                + " auto_failover, replica_of, configuration, datastore_version and access.");
      }
      others += PLAIN.contains(key) ? 0 : 1;
    }
    String name = name(instance.get("name"));
    Optional<String> window = window(instance);
    if (others > 1) {
      throw TroveError.badRequest("Only one attribute (except 'name') is allowed to update.");
    }
    InstanceRow row = instances.get(projectId, id);
    boolean detach = instance.has("replica_of") || instance.has("slave_of");
    if (others == 1 && !detach) {
      throw notYet(instance);
    }
    if (detach) {
      // Trove's detach: the key's presence asks for it, whatever its value.
      String detaching = replicas.detach(projectId, row, null);
      if (name == null && !instance.has("maintenance_window")) {
        return detaching;
      }
    }
    Optional<Boolean> autoFailover = autoFailover(instance);
    if (autoFailover.isPresent()) {
      replicas.setAutoFailover(projectId, row, autoFailover.get());
    }
    // An empty update changes nothing and is accepted, as in Trove; it is still recorded.
    Instant now = clock.instant();
    String operationId = WorkflowIds.newRepeatable(OperationType.INSTANCE_UPDATE, row.id());
    Map<String, Object> recorded = new LinkedHashMap<>();
    if (name != null) {
      recorded.put("name", name);
      recorded.put("previous_name", row.name());
    }
    if (instance.has("maintenance_window")) {
      recorded.put("maintenance_window", window.orElse(null));
    }
    autoFailover.ifPresent(enabled -> recorded.put("auto_failover", enabled));
    jdbi.useTransaction(
        h -> {
          InstanceDao dao = h.attach(InstanceDao.class);
          if (name != null) {
            dao.rename(row.id(), name, now);
          }
          if (instance.has("maintenance_window")) {
            dao.setMaintenanceWindow(row.id(), window.orElse(null), now);
          }
          h.attach(OperationDao.class)
              .insert(
                  OperationRows.done(
                      json,
                      operationId,
                      OperationType.INSTANCE_UPDATE,
                      row.id(),
                      projectId,
                      projectId,
                      Map.of("instance", recorded),
                      now),
                  null);
        });
    return operationId;
  }

  /** {@code auto_failover}: true or false; empty when the body has none. */
  private static Optional<Boolean> autoFailover(JsonNode instance) {
    JsonNode value = instance.get("auto_failover");
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isBoolean()) {
      throw TroveError.badRequest("'auto_failover' must be true or false.");
    }
    return Optional.of(value.asBoolean());
  }

  /** The maintenance window to set, normalised; empty for null (no window). */
  private static Optional<String> window(JsonNode instance) {
    JsonNode value = instance.get("maintenance_window");
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw TroveError.badRequest("'maintenance_window' must be a string or null.");
    }
    return Optional.of(MaintenanceWindow.parse(value.asText()).toString());
  }

  /** Trove's non_empty_string for the name; null when the body has none. */
  private static String name(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw TroveError.badRequest("'name' must be a string.");
    }
    String name = JsonFields.string(value, "name", MAX_NAME_LENGTH);
    if (name.isBlank()) {
      throw TroveError.badRequest(
          "Instance name must be 1 to " + MAX_NAME_LENGTH + " characters and not blank.");
    }
    return name;
  }

  private static TroveError notYet(JsonNode instance) {
    if (instance.has("configuration")) {
      return TroveError.notImplemented(
          "Configuration groups are not available yet: nothing can be attached or detached.");
    }
    if (instance.has("datastore_version")) {
      return TroveError.notImplemented(
          "Upgrading an instance's datastore version is not available yet.");
    }
    return TroveError.notImplemented("Changing an instance's access is not available yet.");
  }
}
