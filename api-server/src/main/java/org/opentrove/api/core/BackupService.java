package org.opentrove.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.api.errors.TroveError;
import org.opentrove.api.quota.QuotaDeltas;
import org.opentrove.api.quota.QuotaResource;
import org.opentrove.api.quota.Quotas;
import org.opentrove.contract.BackupPiece;
import org.opentrove.model.OperationType;
import org.opentrove.store.BackupDao;
import org.opentrove.store.BackupRow;
import org.opentrove.store.BackupState;
import org.opentrove.store.InstanceRow;
import org.opentrove.store.OperationDao;
import org.opentrove.temporal.WorkflowIds;
import org.opentrove.temporal.api.CreateBackupRequest;
import org.opentrove.temporal.api.DeleteBackupRequest;

/**
 * Trove's backups: create (full, or incremental on a parent), list, show, delete. A backup and its
 * operation are committed together before the workflow starts, so the reconciler starts it if this
 * process dies in between. A delete that would break a chain is refused unless the whole chain
 * goes.
 */
public class BackupService {
  private static final int MAX_NAME_LENGTH = 255;

  private final Jdbi jdbi;
  private final InstanceService instances;
  private final InstanceStatus statuses;
  private final OperationStarter starter;
  private final BackupChains chains;
  private final ObjectMapper json;
  private final Clock clock;

  private final Quotas quotas;

  public BackupService(
      Jdbi jdbi,
      InstanceService instances,
      InstanceStatus statuses,
      OperationStarter starter,
      ObjectMapper json,
      Clock clock,
      Quotas quotas) {
    this.quotas = quotas;
    this.jdbi = jdbi;
    this.instances = instances;
    this.statuses = statuses;
    this.starter = starter;
    this.chains = new BackupChains(jdbi);
    this.json = json;
    this.clock = clock;
  }

  public record Started(BackupRow backup, String operationId) {}

  public Started create(String projectId, JsonNode body, String requestId) {
    JsonNode backup = body == null ? null : body.get("backup");
    if (backup == null || !backup.isObject()) {
      throw TroveError.badRequest("The request body must be an object with a 'backup' object.");
    }
    String name = JsonFields.optionalString(backup, "name", MAX_NAME_LENGTH);
    if (name == null || name.isBlank()) {
      throw TroveError.badRequest(
          "A backup name of 1 to " + MAX_NAME_LENGTH + " characters is required.");
    }
    String instanceRef = text(backup, "instance");
    String description = text(backup, "description");
    boolean incremental = JsonFields.optionalFlag(backup, "incremental");
    if (instanceRef == null) {
      throw TroveError.badRequest("The instance to back up is required ('instance').");
    }
    requireUuid(lastSegment(instanceRef), "instance");
    requireUuid(text(backup, "parent_id"), "parent_id");
    InstanceRow instance = instances.get(projectId, lastSegment(instanceRef));
    statuses.requireAvailableForAction(instance, clock.instant());
    instances.refuseClusterMember(instance);
    Optional<BackupRow> parent =
        parent(projectId, instance, text(backup, "parent_id"), incremental);
    UUID id = UUID.randomUUID();
    String operationId = WorkflowIds.backupCreate(id);
    String location = id + "/";
    CreateBackupRequest input =
        new CreateBackupRequest(
            operationId,
            id,
            instance.id(),
            projectId,
            requestId,
            location,
            parent.map(BackupChains::piece).orElse(null));
    byte[] storedInput = starter.encode(input);
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("name", name);
    request.put("instance", instance.id().toString());
    parent.ifPresent(p -> request.put("parent_id", p.id().toString()));
    Instant now = clock.instant();
    jdbi.useTransaction(
        h -> {
          instances.lockForAction(h, OperationType.BACKUP_CREATE, projectId, instance.id(), now);
          quotas.take(h, projectId, QuotaDeltas.of(QuotaResource.BACKUPS, 1));
          h.attach(BackupDao.class)
              .insertNew(
                  id,
                  projectId,
                  instance.id(),
                  name,
                  description,
                  parent.map(BackupRow::id).orElse(null),
                  instance.datastoreVersionId(),
                  location,
                  now);
          h.attach(OperationDao.class)
              .insert(
                  OperationRows.pending(
                      json,
                      operationId,
                      OperationType.BACKUP_CREATE.code(),
                      "backup",
                      id,
                      projectId,
                      request,
                      null,
                      now),
                  storedInput);
        });
    starter.startBackup(input);
    return new Started(get(projectId, id.toString()), operationId);
  }

  /** Trove's schema: the ids a backup body names are UUIDs. */
  private static void requireUuid(String value, String key) {
    if (value != null && Uuids.parse(value).isEmpty()) {
      throw TroveError.badRequest("'" + key + "' is not a UUID: " + value + ".");
    }
  }

  /** The parent named by {@code parent_id}, or with {@code incremental} the latest completed. */
  private Optional<BackupRow> parent(
      String projectId, InstanceRow instance, String parentRef, boolean incremental) {
    if (parentRef != null) {
      BackupRow parent = get(projectId, parentRef);
      if (!parent.instanceId().equals(instance.id())) {
        throw TroveError.badRequest(
            "Parent backup "
                + parent.id()
                + " is of another instance; an incremental backup"
                + " builds on a backup of the same instance.");
      }
      if (parent.state() != BackupState.COMPLETED) {
        throw TroveError.badRequest(
            "Parent backup " + parent.id() + " is " + parent.state() + ", not COMPLETED.");
      }
      chains.restoreChain(parent); // every link still there, none being deleted
      return Optional.of(parent);
    }
    if (incremental) {
      return list(projectId, Optional.of(instance.id())).stream()
          .filter(b -> b.state() == BackupState.COMPLETED && !chains.beingDeleted(b.id()))
          .max(Comparator.comparing(BackupRow::created));
    }
    return Optional.empty();
  }

  public BackupRow get(String projectId, String id) {
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw TroveError.notFound("Backup " + id + " cannot be found.");
    }
    return jdbi.withExtension(BackupDao.class, dao -> dao.find(projectId, uuid))
        .orElseThrow(() -> TroveError.notFound("Backup " + id + " cannot be found."));
  }

  public List<BackupRow> list(String projectId, Optional<UUID> instanceId) {
    return jdbi.withExtension(
        BackupDao.class,
        dao ->
            instanceId.isPresent()
                ? dao.listOfInstance(projectId, instanceId.get())
                : dao.list(projectId));
  }

  /**
   * Trove's paging of backups: the most recently updated first, {@code marker} an offset into that
   * order; a next marker whenever the page is full (Trove's rule).
   */
  public Page<BackupRow> page(
      String projectId, Optional<UUID> instanceId, String limit, String marker, int pageSize) {
    int size = Page.limit(limit, pageSize, false);
    int offset = offset(marker);
    List<BackupRow> all =
        list(projectId, instanceId).stream()
            .sorted(
                java.util.Comparator.comparing(BackupRow::updated)
                    .reversed()
                    .thenComparing(BackupRow::id))
            .toList();
    List<BackupRow> items =
        all.subList(Math.min(offset, all.size()), Math.min(offset + size, all.size()));
    return new Page<>(items, items.size() < size ? null : Integer.toString(offset + size));
  }

  private static int offset(String marker) {
    if (marker == null || marker.isBlank()) {
      return 0;
    }
    try {
      int offset = Integer.parseInt(marker.strip());
      if (offset >= 0) {
        return offset;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw TroveError.badRequest("'marker' of a backup list is an offset: " + marker);
  }

  /** Starts deleting the backup (with everything built on it when {@code wholeChain}). */
  public String delete(String projectId, String id, boolean wholeChain, String requestId) {
    BackupRow backup = get(projectId, id);
    if (!backup.state().isFinal() && backup.state() != BackupState.DELETE_FAILED) {
      throw TroveError.unprocessable(
          "Backup " + backup.id() + " is " + backup.state() + "; delete it when it has finished.");
    }
    List<BackupRow> children = chains.descendants(backup);
    List<BackupRow> running =
        children.stream()
            .filter(b -> !b.state().isFinal() && b.state() != BackupState.DELETE_FAILED)
            .toList();
    if (!running.isEmpty()) {
      throw TroveError.unprocessable(
          "Backup "
              + running.get(0).id()
              + ", built on "
              + backup.id()
              + ", is "
              + running.get(0).state()
              + "; delete when it has finished.");
    }
    if (!children.isEmpty() && !wholeChain) {
      throw TroveError.badRequest(
          "Backup "
              + backup.id()
              + " has "
              + children.size()
              + " incremental backup(s) built on"
              + " it ("
              + children.stream().map(b -> b.id().toString()).toList()
              + "); deleting it"
              + " would break them. Delete those first, or the whole chain without"
              + " ?delete_chain=false.");
    }
    List<BackupRow> doomed = new ArrayList<>(children);
    doomed.add(backup);
    String operationId = WorkflowIds.backupDelete(backup.id());
    DeleteBackupRequest input =
        new DeleteBackupRequest(
            operationId,
            projectId,
            doomed.stream().map(BackupRow::id).toList(),
            doomed.stream().map(BackupRow::location).toList());
    byte[] storedInput = starter.encode(input);
    Map<String, Object> request =
        Map.of("backups", doomed.stream().map(b -> b.id().toString()).toList());
    boolean recorded =
        jdbi.withExtension(
            OperationDao.class,
            dao ->
                dao.insertOrRestartFailed(
                    OperationRows.pending(
                        json,
                        operationId,
                        OperationType.BACKUP_DELETE.code(),
                        "backup",
                        backup.id(),
                        projectId,
                        request,
                        null,
                        clock.instant()),
                    storedInput));
    if (!recorded) {
      throw TroveError.unprocessable("Backup " + backup.id() + " is already being deleted.");
    }
    starter.startBackupDelete(input, backup.instanceId());
    return operationId;
  }

  /** The chain a restore of {@code backup} needs, full backup first. */
  public List<BackupPiece> restoreChain(BackupRow backup) {
    return chains.restoreChain(backup);
  }

  private static String text(JsonNode node, String field) {
    return JsonFields.optionalString(node, field);
  }

  private static String lastSegment(String ref) {
    int slash = ref.lastIndexOf('/');
    return slash >= 0 ? ref.substring(slash + 1) : ref;
  }
}
