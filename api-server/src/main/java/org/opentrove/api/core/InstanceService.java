package org.opentrove.api.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.opentrove.api.errors.TroveError;
import org.opentrove.api.quota.QuotaDeltas;
import org.opentrove.api.quota.Quotas;
import org.opentrove.contract.BackupPiece;
import org.opentrove.model.InstanceTask;
import org.opentrove.model.OperationType;
import org.opentrove.store.BackupDao;
import org.opentrove.store.BackupRow;
import org.opentrove.store.BackupState;
import org.opentrove.store.DatastoreDao;
import org.opentrove.store.DatastoreRow;
import org.opentrove.store.DatastoreVersionRow;
import org.opentrove.store.FlavorDao;
import org.opentrove.store.FlavorRow;
import org.opentrove.store.InstanceDao;
import org.opentrove.store.InstanceRow;
import org.opentrove.store.OperationDao;
import org.opentrove.store.OperationRow;
import org.opentrove.store.OperationStepRow;
import org.opentrove.store.ServiceStatusDao;
import org.opentrove.store.SqlFailures;
import org.opentrove.temporal.WorkflowIds;
import org.opentrove.temporal.api.CreateInstanceRequest;
import org.opentrove.temporal.api.DeleteInstanceRequest;
import org.opentrove.temporal.api.MigrateInstanceRequest;
import org.opentrove.temporal.api.RebootInstanceRequest;
import org.opentrove.temporal.api.RestartInstanceRequest;

/**
 * Instance requests: validate against the catalogue, then in one transaction write the instance
 * (its task lock taken) and the operation, then start the operation's workflow.
 */
public class InstanceService {
  private final String defaultDatastore;
  private final Jdbi jdbi;
  private final OperationStarter starter;
  private final InstanceStatus statuses;
  private final ObjectMapper json;
  private final Clock clock;
  private final VolumeTypes volumeTypes;
  private final Quotas quotas;

  public InstanceService(
      Jdbi jdbi,
      OperationStarter starter,
      InstanceStatus statuses,
      ObjectMapper json,
      Clock clock,
      String defaultDatastore,
      Quotas quotas,
      VolumeTypes volumeTypes) {
    this.volumeTypes = volumeTypes;
    this.defaultDatastore = defaultDatastore;
    this.quotas = quotas;
    this.jdbi = jdbi;
    this.starter = starter;
    this.statuses = statuses;
    this.json = json;
    this.clock = clock;
  }

  /** A live instance of whichever project, for the management API. */
  public InstanceRow getOfAnyProject(String id) {
    return jdbi.withExtension(InstanceDao.class, dao -> dao.findLive(parseId(id)))
        .orElseThrow(() -> instanceNotFound(id));
  }

  public InstanceRow get(String projectId, String id) {
    UUID uuid = parseId(id);
    return jdbi.withExtension(InstanceDao.class, dao -> dao.findLive(projectId, uuid))
        .orElseThrow(() -> instanceNotFound(id));
  }

  /** The project's instances; cluster members only when asked for, as Trove's list. */
  public List<InstanceRow> list(String projectId, boolean includeClustered) {
    List<InstanceRow> rows = jdbi.withExtension(InstanceDao.class, dao -> dao.listLive(projectId));
    return includeClustered ? rows : rows.stream().filter(row -> row.clusterId() == null).toList();
  }

  public List<InstanceRow> list(String projectId) {
    return list(projectId, false);
  }

  /**
   * Trove's paging of instances: at most {@code limit} (never above {@code pageSize}) after the
   * instance {@code marker}, the last one's id the next marker when more follow. A marker that is
   * not an instance id has nothing after it.
   */
  public Page<InstanceRow> page(
      String projectId, boolean includeClustered, String limit, String marker, int pageSize) {
    int size = Page.limit(limit, pageSize, true);
    boolean hasMarker = marker != null && !marker.isBlank();
    Optional<UUID> after = hasMarker ? Uuids.parse(marker.strip()) : Optional.empty();
    if (hasMarker && after.isEmpty()) {
      return new Page<>(List.of(), null);
    }
    List<InstanceRow> rows =
        jdbi.withExtension(
            InstanceDao.class,
            dao -> dao.listLivePage(projectId, includeClustered, after.orElse(null), size + 1));
    if (rows.size() <= size) {
      return new Page<>(rows, null);
    }
    List<InstanceRow> page = rows.subList(0, size);
    return new Page<>(page, page.get(size - 1).id().toString());
  }

  /**
   * Trove's refusal of what only the cluster may do to its members (delete, resize), unless the
   * cluster itself is removing them.
   */
  public void refuseClusterMember(InstanceRow row) {
    if (row.clusterId() != null) {
      throw TroveError.notImplemented(
          "Operation not supported for instances that are part of a cluster.");
    }
  }

  /**
   * Creates an instance, or, when {@code idempotencyKey} was seen before for this project, returns
   * what that first request created (and starts its workflow if a crash kept it from starting).
   */
  public Created create(
      String projectId, NewInstance unchecked, String requestId, Optional<String> idempotencyKey) {
    Plan plan = plan(projectId, unchecked);
    volumeTypes.require(unchecked.volumeType(), plan.version().id());
    // names, character sets and collations under the rules of the datastore used, all or none
    NewInstance request = unchecked.forDatastore(plan.datastore().name());
    if (idempotencyKey.isPresent()) {
      Optional<Created> earlier = replay(projectId, idempotencyKey.get(), request);
      if (earlier.isPresent()) {
        return earlier.get();
      }
    }
    UUID id = UUID.randomUUID();
    String operationId = WorkflowIds.instanceCreate(id);
    CreateInstanceRequest workflowInput =
        workflowRequest(operationId, id, projectId, requestId, plan, request);
    byte[] storedInput = starter.encode(workflowInput);
    Instant now = clock.instant();
    try {
      jdbi.useTransaction(
          h -> {
            quotas.take(
                h,
                projectId,
                QuotaDeltas.instances(1, plan.flavor().ramMb(), request.volumeSizeGb()));
            h.attach(InstanceDao.class)
                .insertBuilding(
                    id,
                    projectId,
                    request.name(),
                    plan.flavor().id(),
                    plan.version().id(),
                    request.volumeSizeGb(),
                    now);
            if (request.locality() != null) {
              h.attach(InstanceDao.class).setLocality(id, request.locality());
            }
            if (request.volumeType() != null) {
              h.attach(InstanceDao.class).setVolumeType(id, request.volumeType());
            }
            h.attach(ServiceStatusDao.class).insertNew(id, now);
            h.attach(OperationDao.class)
                .insert(
                    operation(
                        operationId,
                        OperationType.INSTANCE_CREATE,
                        id,
                        projectId,
                        request.redacted(),
                        idempotencyKey.orElse(null),
                        now),
                    storedInput);
          });
    } catch (UnableToExecuteStatementException e) {
      if (idempotencyKey.isPresent() && isUniqueViolation(e)) {
        // A concurrent request with the same key committed first: answer with its result.
        return replay(projectId, idempotencyKey.get(), request).orElseThrow();
      }
      throw e;
    } catch (TroveError e) {
      // Over quota because a concurrent request with the same key took the last unit: its result.
      if (idempotencyKey.isPresent() && e.code() == 413) {
        Optional<Created> earlier = replay(projectId, idempotencyKey.get(), request);
        if (earlier.isPresent()) {
          return earlier.get();
        }
      }
      throw e;
    }
    starter.startCreate(workflowInput);
    return new Created(get(projectId, id.toString()), operationId);
  }

  /** Every operation on an instance of this project, oldest first, with its steps. */
  public List<OperationWithSteps> operations(String projectId, String instanceId) {
    UUID uuid = parseId(instanceId);
    List<OperationWithSteps> result =
        jdbi.withExtension(
            OperationDao.class,
            dao ->
                dao.listForResource(projectId, uuid).stream()
                    .map(op -> new OperationWithSteps(op, dao.listSteps(op.id())))
                    .toList());
    if (result.isEmpty()) {
      get(projectId, instanceId); // 404 for an instance that is not this project's
    }
    return result;
  }

  private Optional<Created> replay(String projectId, String key, NewInstance request) {
    Optional<OperationRow> earlier =
        jdbi.withExtension(OperationDao.class, dao -> dao.findByIdempotencyKey(projectId, key));
    if (earlier.isEmpty()) {
      return Optional.empty();
    }
    OperationRow operation = earlier.get();
    if (!sameRequest(operation.request(), request)) {
      throw TroveError.unprocessable(
          "Idempotency-Key " + key + " was already used for a different request.");
    }
    InstanceRow instance =
        jdbi.withExtension(
                InstanceDao.class, dao -> dao.findLive(projectId, operation.resourceId()))
            .orElseThrow(
                () ->
                    TroveError.unprocessable(
                        "Idempotency-Key " + key + " created an instance that is deleted now."));
    if (!operation.workflowStarted()) {
      // From the stored input: the request that created it, not this repeat of it.
      jdbi.withExtension(OperationDao.class, dao -> dao.workflowInput(operation.id()))
          .ifPresent(input -> starter.startStored(operation.id(), input));
    }
    return Optional.of(new Created(instance, operation.id()));
  }

  private boolean sameRequest(String recorded, NewInstance request) {
    try {
      return json.readTree(recorded).equals(json.valueToTree(request.redacted()));
    } catch (JsonProcessingException e) {
      return false;
    }
  }

  private static boolean isUniqueViolation(UnableToExecuteStatementException e) {
    return SqlFailures.hasSqlState(e, "23505"::equals);
  }

  private Plan plan(String projectId, NewInstance request) {
    FlavorRow flavor =
        jdbi.withExtension(FlavorDao.class, dao -> dao.find(request.flavorRef()))
            .orElseThrow(
                () ->
                    TroveError.badRequest("Resource " + request.flavorRef() + " cannot be found."));
    if (request.restoreBackupRef() != null) {
      return restorePlan(projectId, request, flavor);
    }
    DatastoreVersionRow version = resolveVersion(request);
    DatastoreRow datastore =
        jdbi.withExtension(DatastoreDao.class, dao -> dao.find(version.datastoreId().toString()))
            .orElseThrow();
    return new Plan(flavor, datastore, version, List.of());
  }

  /** A restore takes the backup's datastore version; a request naming another is refused. */
  private Plan restorePlan(String projectId, NewInstance request, FlavorRow flavor) {
    UUID backupId = parseBackupId(request.restoreBackupRef());
    BackupRow backup =
        jdbi.withExtension(BackupDao.class, dao -> dao.find(projectId, backupId))
            .orElseThrow(
                () ->
                    TroveError.notFound(
                        "Backup " + request.restoreBackupRef() + " cannot be found."));
    if (request.datastoreType() != null
        && !request.datastoreType().equals(backup.datastoreName())) {
      throw TroveError.badRequest(
          "Backup "
              + backupId
              + " is of datastore "
              + backup.datastoreName()
              + ", not "
              + request.datastoreType()
              + ".");
    }
    if (backup.state() != BackupState.COMPLETED) {
      throw TroveError.conflict(
          "Unable to create instance because backup "
              + backup.id()
              + " is not completed. Actual state: "
              + backup.state()
              + ".");
    }
    refuseTooLarge(backup, request.volumeSizeGb());
    List<BackupPiece> chain = new BackupChains(jdbi).restoreChain(backup);
    DatastoreVersionRow version =
        jdbi.withExtension(
                DatastoreDao.class, dao -> dao.findVersionById(backup.datastoreVersionId()))
            .orElseThrow();
    DatastoreRow datastore =
        jdbi.withExtension(DatastoreDao.class, dao -> dao.find(version.datastoreId().toString()))
            .orElseThrow();
    return new Plan(flavor, datastore, version, chain);
  }

  /** Trove's BackupTooLarge: the backup's stored size must fit the new volume. */
  private static void refuseTooLarge(BackupRow backup, int volumeSizeGb) {
    if (backup.sizeBytes() != null && backup.sizeBytes() > ((long) volumeSizeGb << 30)) {
      throw TroveError.forbidden(
          "Backup is too large for given flavor or volume. Backup size: "
              + backup.sizeBytes() / (double) (1L << 30)
              + " GBs. Available size: "
              + volumeSizeGb
              + " GBs.");
    }
  }

  private static UUID parseBackupId(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw TroveError.badRequest("'backupRef' is not a backup id: " + id + "."); // Trove's schema
    }
  }

  private static CreateInstanceRequest workflowRequest(
      String operationId,
      UUID id,
      String projectId,
      String requestId,
      Plan plan,
      NewInstance request) {
    return new CreateInstanceRequest(
            operationId,
            id,
            projectId,
            requestId,
            plan.flavor().ramMb(),
            plan.flavor().vcpus(),
            request.volumeSizeGb(),
            plan.datastore().name(),
            plan.version().name(),
            request.databases(),
            request.users(),
            plan.restoreChain())
        .withLocality(request.locality())
        .withVolumeType(request.volumeType());
  }

  public String delete(String projectId, String id, String requestId) {
    InstanceRow row = get(projectId, id);
    refuseClusterMember(row);
    if (!jdbi.withExtension(InstanceDao.class, dao -> dao.liveReplicasOf(row.id())).isEmpty()) {
      throw TroveError.forbidden("Detach replicas before deleting replica source.");
    }
    ReplicaService.refuseLastReplicaOfSynchronousSet(jdbi, row);
    String operationId = WorkflowIds.instanceDelete(row.id());
    DeleteInstanceRequest workflowInput =
        new DeleteInstanceRequest(operationId, row.id(), projectId, requestId, row.replicaOf());
    Instant now = clock.instant();
    boolean recorded =
        jdbi.inTransaction(
            h -> {
              if (!h.attach(InstanceDao.class)
                  .lockFor(OperationType.INSTANCE_DELETE, row.id(), now)) {
                return false;
              }
              return h.attach(OperationDao.class)
                  .insertOrRestartFailed(
                      operation(
                          operationId,
                          OperationType.INSTANCE_DELETE,
                          row.id(),
                          projectId,
                          Map.of(),
                          null,
                          now),
                      starter.encode(workflowInput));
            });
    if (!recorded) {
      InstanceTask holding = get(projectId, id).taskStatus();
      if (holding == InstanceTask.DELETING) {
        return operationId; // Trove accepts a delete again; the one running goes on
      }
      throw TroveError.unprocessable(
          "Instance " + id + " is busy (" + holding + "); try again when it is not.");
    }
    starter.startDelete(workflowInput);
    return operationId;
  }

  /**
   * Trove's {@code restart}: the guest restarts the datastore. The instance is taken (RESTARTING,
   * shown as REBOOT) in the transaction that records the operation, or at its time ({@code
   * apply_at} in {@code action}).
   */
  public String restart(
      String projectId, String id, String requestId, JsonNode action, boolean admin) {
    if (action != null && !action.isObject()) {
      throw TroveError.badRequest("'restart' must be an object."); // Trove's schema
    }
    InstanceRow row = get(projectId, id);
    Instant now = clock.instant();
    Optional<Instant> at = ApplyAt.of(action, row, now);
    if (!admin && row.clusterId() != null) { // Trove: availability first, then the member 501
      if (at.isEmpty()) {
        statuses.requireAvailableForAction(row, now);
      }
      refuseClusterMember(row);
    }
    String operationId = WorkflowIds.newRepeatable(OperationType.INSTANCE_RESTART, row.id());
    RestartInstanceRequest workflowInput =
        new RestartInstanceRequest(operationId, row.id(), projectId, requestId, at.orElse(null));
    recordAction(
        OperationType.INSTANCE_RESTART, operationId, row, Map.of(), workflowInput, now, at);
    starter.startRestart(workflowInput);
    return operationId;
  }

  /**
   * Trove's admin {@code reboot} of an instance of any project: the server restarts. The instance
   * is taken (RESTARTING, shown as REBOOT) as for restart; the operation is the instance's
   * project's.
   */
  public String reboot(InstanceRow row, String requestId, JsonNode action) {
    Instant now = clock.instant();
    Optional<Instant> at = ApplyAt.of(action, row, now);
    String operationId = WorkflowIds.newRepeatable(OperationType.INSTANCE_REBOOT, row.id());
    RebootInstanceRequest workflowInput =
        new RebootInstanceRequest(
            operationId, row.id(), row.projectId(), requestId, at.orElse(null));
    recordAction(OperationType.INSTANCE_REBOOT, operationId, row, Map.of(), workflowInput, now, at);
    starter.startReboot(workflowInput);
    return operationId;
  }

  /**
   * Trove's admin {@code migrate} of an instance of any project: the server moves to another
   * compute host ({@code host}, or the scheduler's choice). Trove's availability check, then the
   * instance is taken (MIGRATING) in the transaction that records the operation.
   */
  public String migrate(InstanceRow row, String requestId, String host) {
    Instant now = clock.instant();
    String operationId = WorkflowIds.newRepeatable(OperationType.INSTANCE_MIGRATE, row.id());
    MigrateInstanceRequest workflowInput =
        new MigrateInstanceRequest(operationId, row.id(), row.projectId(), requestId, host);
    Map<String, Object> recorded = new java.util.LinkedHashMap<>();
    if (host != null) {
      recorded.put("host", host);
    }
    recordAction(
        OperationType.INSTANCE_MIGRATE,
        operationId,
        row,
        recorded,
        workflowInput,
        now,
        Optional.empty());
    starter.startMigrate(workflowInput);
    return operationId;
  }

  /**
   * Records an action's operation with its workflow input (its request shown as {@code {"<type's
   * action>": request}}). Run now: Trove's availability check, and the instance is taken ({@code
   * type}'s lock) in the same transaction. Run {@code at} a later time: the operation is SCHEDULED
   * and takes nothing until then. The caller starts the workflow once this is committed.
   */
  void recordAction(
      OperationType type,
      String operationId,
      InstanceRow row,
      Map<String, Object> request,
      Object workflowInput,
      Instant now,
      Optional<Instant> at) {
    recordAction(type, operationId, row, request, workflowInput, now, at, QuotaDeltas.none());
  }

  /**
   * As above, for an action that grows what the instance holds: the growth is reserved (Trove's 413
   * when the project has no room for it) in the transaction that records the operation.
   */
  void recordAction(
      OperationType type,
      String operationId,
      InstanceRow row,
      Map<String, Object> request,
      Object workflowInput,
      Instant now,
      Optional<Instant> at,
      QuotaDeltas growth) {
    if (at.isEmpty() && type != OperationType.INSTANCE_REBOOT) {
      // Trove's reboot is the administrator's remedy for an instance that is not available.
      statuses.requireAvailableForAction(row, now);
    }
    Map<String, Object> recorded = new java.util.LinkedHashMap<>(request);
    at.ifPresent(time -> recorded.put("apply_at", time.toString()));
    OperationRow operation =
        operation(
            operationId,
            type,
            row.id(),
            row.projectId(),
            Map.of(actionName(type), recorded),
            null,
            now);
    byte[] stored = starter.encode(workflowInput);
    jdbi.useTransaction(
        h -> {
          if (at.isEmpty()) {
            lockForAction(h, type, row.projectId(), row.id(), now);
          }
          h.attach(OperationDao.class)
              .insert(
                  at.map(time -> OperationRows.scheduled(operation, time)).orElse(operation),
                  stored);
          quotas.reserve(h, row.projectId(), operationId, growth);
        });
  }

  /** The key of Trove's action body that asks for {@code type}. */
  private static String actionName(OperationType type) {
    return switch (type) {
      case INSTANCE_RESTART -> "restart";
      case INSTANCE_REBOOT -> "reboot";
      case INSTANCE_MIGRATE -> "migrate";
      case INSTANCE_RESIZE_VOLUME, INSTANCE_RESIZE_FLAVOR -> "resize";
      default -> throw new IllegalArgumentException(type + " is not an instance action");
    };
  }

  /**
   * Takes the instance for an action ({@code type}'s lock) in {@code h}'s transaction. When it was
   * taken since the caller checked it, answers Trove's 422 naming what holds it now; nothing of the
   * transaction is committed.
   */
  void lockForAction(Handle h, OperationType type, String projectId, UUID id, Instant now) {
    if (!h.attach(InstanceDao.class).lockFor(type, id, now)) {
      statuses.requireAvailableForAction(get(projectId, id.toString()), now);
      throw TroveError.unprocessable("Instance " + id + " changed state; try again.");
    }
  }

  private DatastoreVersionRow resolveVersion(NewInstance request) {
    DatastoreRow datastore =
        jdbi.withExtension(
            DatastoreDao.class,
            dao -> {
              if (request.datastoreType() != null) {
                return dao.find(request.datastoreType())
                    .orElseThrow(
                        () ->
                            TroveError.notFound(
                                "Datastore '" + request.datastoreType() + "' cannot be found."));
              }
              return dao.find(defaultDatastore)
                  .orElseThrow(
                      () ->
                          TroveError.badRequest(
                              "Please specify a datastore ('datastore': {'type'})."));
            });
    String versionRef =
        request.datastoreVersion() != null
            ? request.datastoreVersion()
            : datastore.defaultVersionId() == null ? null : datastore.defaultVersionId().toString();
    if (versionRef == null) {
      throw TroveError.badRequest(
          "Datastore '" + datastore.name() + "' has no default version; please specify one.");
    }
    DatastoreVersionRow version =
        jdbi.withExtension(
                DatastoreDao.class, dao -> dao.findVersionInAnyState(datastore.id(), versionRef))
            .orElseThrow(() -> VersionNotFound.of(versionRef));
    if (!version.active()) {
      throw TroveError.badRequest("Datastore version '" + version.name() + "' is not active.");
    }
    return version;
  }

  private OperationRow operation(
      String operationId,
      OperationType type,
      UUID resourceId,
      String projectId,
      Map<String, Object> request,
      String idempotencyKey,
      Instant now) {
    return OperationRows.pending(
        json,
        operationId,
        type.code(),
        type.resource().tableName(),
        resourceId,
        projectId,
        request,
        idempotencyKey,
        now);
  }

  private static UUID parseId(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw instanceNotFound(id);
    }
  }

  private static TroveError instanceNotFound(String id) {
    return TroveError.notFound("Instance " + id + " could not be found.");
  }

  /** A created instance and the operation building it. */
  public record Created(InstanceRow instance, String operationId) {}

  /** An operation with the steps it went through. */
  public record OperationWithSteps(OperationRow operation, List<OperationStepRow> steps) {}

  /** What a create resolved from the catalogue. */
  private record Plan(
      FlavorRow flavor,
      DatastoreRow datastore,
      DatastoreVersionRow version,
      List<BackupPiece> restoreChain) {}
}
