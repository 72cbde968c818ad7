package org.opentrove.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.api.errors.TroveError;
import org.opentrove.api.quota.QuotaDeltas;
import org.opentrove.api.quota.Quotas;
import org.opentrove.contract.GuestMethods;
import org.opentrove.contract.SynchronousArgs;
import org.opentrove.model.OperationType;
import org.opentrove.store.BackupDao;
import org.opentrove.store.FenceDao;
import org.opentrove.store.FlavorDao;
import org.opentrove.store.FlavorRow;
import org.opentrove.store.InstanceDao;
import org.opentrove.store.InstanceRow;
import org.opentrove.store.OperationDao;
import org.opentrove.store.QuotaDao;
import org.opentrove.store.ServiceStatusDao;
import org.opentrove.temporal.WorkflowIds;
import org.opentrove.temporal.api.CreateInstanceRequest;
import org.opentrove.temporal.api.DetachReplicaRequest;
import org.opentrove.temporal.api.EjectSourceRequest;
import org.opentrove.temporal.api.PromoteReplicaRequest;
import org.opentrove.temporal.api.RejoinSetRequest;

/**
 * Trove's replicas: {@code replica_of} (and {@code replica_count}) on create, with Trove's checks
 * in Trove's order, each replica an instance with its own create operation; and detach. A replica
 * takes its source's flavor, datastore version and volume size.
 */
public class ReplicaService {
  /** Engines whose guests replicate; Trove answers others with its "not supported". */
  private static final Set<String> REPLICATING = Set.of("postgresql", "mariadb");

  /** Engines whose replicas start from a backup of the source, as Trove's MySQL-family do. */
  private static final Set<String> SEEDED_FROM_BACKUP = Set.of("mariadb");

  /** Engines whose sets can replicate synchronously, which automatic failover needs. */
  private static final Set<String> SYNCHRONOUS = Set.of("postgresql");

  private static final int MAX_REPLICA_COUNT = 3;

  private final Jdbi jdbi;
  private final InstanceService instances;
  private final InstanceStatus statuses;
  private final OperationStarter starter;
  private final InstanceAdmin admin;
  private final ObjectMapper json;
  private final Clock clock;

  private final Quotas quotas;

  public ReplicaService(
      Jdbi jdbi,
      InstanceService instances,
      InstanceStatus statuses,
      OperationStarter starter,
      InstanceAdmin admin,
      ObjectMapper json,
      Clock clock,
      Quotas quotas) {
    this.quotas = quotas;
    this.jdbi = jdbi;
    this.instances = instances;
    this.statuses = statuses;
    this.starter = starter;
    this.admin = admin;
    this.json = json;
    this.clock = clock;
  }

  /** Whether a create body asks for replicas. */
  public static boolean asksForReplicas(JsonNode body) {
    JsonNode instance = body == null ? null : body.path("instance");
    return instance != null
        && instance.isObject()
        && (hasValue(instance, "replica_of") || hasValue(instance, "slave_of"));
  }

  /**
   * Creates {@code replica_count} replicas of {@code replica_of}; answers the last one, as Trove
   * does.
   */
  public InstanceService.Created create(String projectId, JsonNode body, String requestId) {
    JsonNode instance = body.get("instance");
    String name = JsonFields.requiredString(instance, "name", "Instance name");
    if (name.isBlank()) {
      throw TroveError.badRequest("Instance name must be 1 to 255 characters and not blank.");
    }
    JsonNode sourceRef =
        hasValue(instance, "replica_of") ? instance.get("replica_of") : instance.get("slave_of");
    if (!sourceRef.isTextual()) {
      throw TroveError.badRequest(
          "Validation error: instance['replica_of'] " + sourceRef + " is not of type 'string'");
    }
    int count = replicaCount(instance.get("replica_count"));
    refuseGiven(instance, "flavorRef", "Cannot specify flavor when creating replicas.");
    refuseGiven(instance, "datastore", "Cannot specify datastore when creating replicas.");
    refuseGiven(instance, "volume", "Cannot specify volume when creating replicas.");
    refuseGiven(instance, "locality", "Cannot specify locality when creating replicas.");
    InstanceRow source = source(projectId, sourceRef.asText());
    if (source.replicaOf() != null) {
      throw TroveError.unauthorized("Cannot create a replica of a replica " + source.id());
    }
    if (nonEmpty(instance, "databases") || nonEmpty(instance, "users")) {
      throw TroveError.badRequest("Cannot create a replica with users or databases.");
    }
    if (!REPLICATING.contains(source.datastoreName())) {
      throw TroveError.badRequest(
          "Replication is not supported for the '" + source.datastoreName() + "' datastore.");
    }
    Instant now = clock.instant();
    statuses.requireAvailableForAction(source, now);
    FlavorRow flavor =
        jdbi.withExtension(FlavorDao.class, dao -> dao.find(source.flavorId()))
            .orElseThrow(
                () -> TroveError.notFound("Flavor " + source.flavorId() + " could not be found."));
    boolean seededFromBackup = SEEDED_FROM_BACKUP.contains(source.datastoreName());
    // Trove makes a replica's volume of its source's type.
    String volumeType = jdbi.withExtension(InstanceDao.class, dao -> dao.volumeTypeOf(source.id()));
    List<CreateInstanceRequest> inputs = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      UUID id = UUID.randomUUID();
      UUID snapshot = seededFromBackup ? UUID.randomUUID() : null;
      inputs.add(
          new CreateInstanceRequest(
                  WorkflowIds.instanceCreate(id),
                  id,
                  projectId,
                  requestId,
                  flavor.ramMb(),
                  flavor.vcpus(),
                  source.volumeSizeGb(),
                  source.datastoreName(),
                  source.datastoreVersionName(),
                  List.of(),
                  List.of(),
                  List.of(),
                  source.id(),
                  snapshot)
              .withVolumeType(volumeType));
    }
    jdbi.useTransaction(
        h -> {
          quotas.take(
              h, projectId, QuotaDeltas.instances(count, flavor.ramMb(), source.volumeSizeGb()));
          for (int i = 0; i < inputs.size(); i++) {
            CreateInstanceRequest input = inputs.get(i);
            String replicaName = count == 1 ? name : name + "-" + (i + 1);
            h.attach(InstanceDao.class)
                .insertBuildingReplica(
                    input.instanceId(),
                    projectId,
                    replicaName,
                    source.flavorId(),
                    source.datastoreVersionId(),
                    source.volumeSizeGb(),
                    source.id(),
                    now);
            h.attach(ServiceStatusDao.class).insertNew(input.instanceId(), now);
            if (volumeType != null) {
              h.attach(InstanceDao.class).setVolumeType(input.instanceId(), volumeType);
            }
            if (input.sourceSnapshot() != null) {
              recordSnapshot(h, input.sourceSnapshot(), source, input.instanceId(), now);
            }
            Map<String, Object> recorded = new LinkedHashMap<>();
            recorded.put("name", replicaName);
            recorded.put("replica_of", source.id().toString());
            recorded.put("replica_count", count);
            h.attach(OperationDao.class)
                .insert(
                    OperationRows.pending(
                        json,
                        input.operationId(),
                        OperationType.INSTANCE_CREATE.code(),
                        OperationType.INSTANCE_CREATE.resource().tableName(),
                        input.instanceId(),
                        projectId,
                        Map.of("instance", recorded),
                        null,
                        now),
                    starter.encode(input));
          }
        });
    inputs.forEach(starter::startCreate);
    CreateInstanceRequest last = inputs.get(inputs.size() - 1);
    return new InstanceService.Created(
        instances.get(projectId, last.instanceId().toString()), last.operationId());
  }

  /**
   * Trove's detach: Trove's availability check first (422), then "not a replica" (400); the replica
   * is taken (DETACHING, shown as DETACH) in the transaction that records the operation.
   */
  public String detach(String projectId, InstanceRow row, String requestId) {
    Instant now = clock.instant();
    statuses.requireAvailableForAction(row, now);
    if (row.replicaOf() == null) {
      throw TroveError.badRequest("Instance " + row.id() + " is not a replica.");
    }
    refuseLastReplicaOfSynchronousSet(row);
    String operationId = WorkflowIds.newRepeatable(OperationType.INSTANCE_DETACH_REPLICA, row.id());
    DetachReplicaRequest input =
        new DetachReplicaRequest(operationId, row.id(), projectId, requestId, row.replicaOf());
    recordTaking(
        OperationType.INSTANCE_DETACH_REPLICA,
        operationId,
        row,
        List.of(row.id()),
        Map.of("instance", Map.of("replica_of", row.replicaOf().toString())),
        input,
        now);
    starter.startDetach(input);
    return operationId;
  }

  /**
   * Trove's {@code promote_to_replica_source}: its availability check (422), then "not a replica"
   * (400); every member of the set is taken (PROMOTING, shown as PROMOTE) in the transaction that
   * records the operation, or none is.
   */
  public String promote(String projectId, String id, String requestId) {
    InstanceRow row = instances.get(projectId, id);
    Instant now = clock.instant();
    statuses.requireAvailableForAction(row, now);
    if (row.replicaOf() == null) {
      throw TroveError.badRequest("Instance " + row.id() + " is not a replica.");
    }
    UUID sourceId = row.replicaOf();
    List<UUID> others =
        jdbi.withExtension(InstanceDao.class, dao -> dao.liveReplicasOf(sourceId)).stream()
            .filter(replica -> !replica.equals(row.id()))
            .toList();
    String operationId =
        WorkflowIds.newRepeatable(OperationType.INSTANCE_PROMOTE_REPLICA, row.id());
    PromoteReplicaRequest input =
        new PromoteReplicaRequest(
            operationId,
            row.id(),
            projectId,
            requestId,
            sourceId,
            others,
            instances.get(projectId, sourceId.toString()).autoFailover());
    recordTaking(
        OperationType.INSTANCE_PROMOTE_REPLICA,
        operationId,
        row,
        input.members(),
        Map.of("promote_to_replica_source", Map.of()),
        input,
        now);
    starter.startPromote(input);
    return operationId;
  }

  /**
   * Trove's {@code eject_replica_source}, asked of a source: "not a replica source" (400), then its
   * heartbeat must have expired (400 otherwise, Trove's words); every member of the set is taken
   * (EJECTING, shown as EJECT) in the transaction that records the operation, or none is.
   */
  public String eject(String projectId, String id, String requestId) {
    InstanceRow row = instances.get(projectId, id);
    List<UUID> replicas =
        jdbi.withExtension(InstanceDao.class, dao -> dao.liveReplicasOf(row.id()));
    if (replicas.isEmpty()) {
      throw TroveError.badRequest("Instance " + row.id() + " is not a replica source.");
    }
    Instant now = clock.instant();
    if (statuses.hasCurrentHeartbeat(row, now)) {
      throw TroveError.badRequest(
          "Replica Source " + row.id() + " cannot be ejected as it has a current heartbeat");
    }
    return recordEject(row, replicas, requestId, Map.of("eject_replica_source", Map.of()), now);
  }

  /** Whether {@code id} is a former source an eject fenced: its restart is a rejoin. */
  public boolean isFenced(String projectId, String id) {
    InstanceRow row = instances.get(projectId, id);
    return jdbi.withExtension(FenceDao.class, dao -> dao.setSourceOf(row.id())).isPresent();
  }

  /**
   * The restart of a fenced former source (beyond Trove): it comes back only as a replica of its
   * set's source now (the replica promoted in its place, or whichever member is the source since).
   * 422 while the instance or that source is busy; 400 when the set is gone.
   */
  public String rejoin(String projectId, String id, String requestId) {
    InstanceRow row = instances.get(projectId, id);
    UUID promoted =
        jdbi.withExtension(FenceDao.class, dao -> dao.setSourceOf(row.id()))
            .orElseThrow(() -> TroveError.badRequest("Instance " + row.id() + " is not fenced."));
    InstanceRow source =
        jdbi.withExtension(
                InstanceDao.class,
                dao ->
                    dao.findLive(promoted)
                        .map(
                            p ->
                                p.replicaOf() == null
                                    ? p
                                    : dao.findLive(p.replicaOf()).orElse(null)))
            .orElseThrow(
                () ->
                    TroveError.badRequest(
                        "Instance "
                            + row.id()
                            + " was ejected from a replica set that is gone; delete it."));
    Instant now = clock.instant();
    statuses.requireAvailableForAction(source, now);
    FlavorRow flavor =
        jdbi.withExtension(FlavorDao.class, dao -> dao.find(row.flavorId()))
            .orElseThrow(
                () -> TroveError.notFound("Flavor " + row.flavorId() + " could not be found."));
    String operationId = WorkflowIds.newRepeatable(OperationType.INSTANCE_REJOIN_SET, row.id());
    UUID snapshot = SEEDED_FROM_BACKUP.contains(source.datastoreName()) ? UUID.randomUUID() : null;
    RejoinSetRequest input =
        new RejoinSetRequest(
            operationId, row.id(), projectId, requestId, source.id(), flavor.ramMb(), snapshot);
    recordTaking(
        OperationType.INSTANCE_REJOIN_SET,
        operationId,
        row,
        List.of(row.id()),
        Map.of("restart", Map.of()),
        input,
        now,
        h -> {
          if (snapshot != null) {
            recordSnapshot(h, snapshot, source, row.id(), now);
          }
        });
    starter.startRejoin(input);
    return operationId;
  }

  /** Records and starts an eject of {@code source}: the tenant's, or the failover monitor's. */
  String recordEject(
      InstanceRow source,
      List<UUID> replicas,
      String requestId,
      Map<String, Object> request,
      Instant now) {
    String operationId =
        WorkflowIds.newRepeatable(OperationType.INSTANCE_EJECT_SOURCE, source.id());
    EjectSourceRequest input =
        new EjectSourceRequest(
            operationId,
            source.id(),
            source.projectId(),
            requestId,
            replicas,
            source.autoFailover());
    recordTaking(
        OperationType.INSTANCE_EJECT_SOURCE,
        operationId,
        source,
        input.members(),
        request,
        input,
        now);
    starter.startEject(input);
    return operationId;
  }

  /**
   * Turns a set's automatic failover on or off (beyond Trove), on its source: the source's commits
   * then wait for one replica, so a failover loses no acknowledged write. It needs a replica: with
   * none, every commit would wait.
   */
  public void setAutoFailover(String projectId, InstanceRow row, boolean enabled) {
    if (row.replicaOf() != null) {
      throw TroveError.badRequest(
          "Instance " + row.id() + " is a replica: automatic failover is set on its source.");
    }
    if (enabled && !SYNCHRONOUS.contains(row.datastoreName())) {
      throw TroveError.badRequest(
          "Automatic failover is not supported for the '" + row.datastoreName() + "' datastore.");
    }
    if (enabled
        && jdbi.withExtension(InstanceDao.class, dao -> dao.liveReplicasOf(row.id())).isEmpty()) {
      throw TroveError.badRequest(
          "Automatic failover needs a replica: create one with replica_of first.");
    }
    InstanceAdmin.Target target = admin.target(projectId, row.id().toString());
    admin.call(target, GuestMethods.SET_SYNCHRONOUS, new SynchronousArgs(enabled));
    jdbi.useExtension(
        InstanceDao.class, dao -> dao.setAutoFailover(row.id(), enabled, clock.instant()));
  }

  /**
   * A set with automatic failover replicates synchronously: its last replica cannot go (every
   * commit would wait for it) until failover is off.
   */
  void refuseLastReplicaOfSynchronousSet(InstanceRow replica) {
    refuseLastReplicaOfSynchronousSet(jdbi, replica);
  }

  static void refuseLastReplicaOfSynchronousSet(Jdbi jdbi, InstanceRow replica) {
    if (replica.replicaOf() == null) {
      return;
    }
    jdbi.useExtension(
        InstanceDao.class,
        dao -> {
          boolean synchronous =
              dao.findLive(replica.replicaOf()).map(InstanceRow::autoFailover).orElse(false);
          if (synchronous && dao.liveReplicasOf(replica.replicaOf()).size() == 1) {
            throw TroveError.badRequest(
                "Instance "
                    + replica.id()
                    + " is the last replica of a set with automatic failover; turn it off on"
                    + " the source first.");
          }
        });
  }

  /**
   * Takes every one of {@code members} ({@code type}'s lock) and records the operation on {@code
   * row}, in one transaction: all of it or, with a 422 naming what holds a member, none.
   */
  private void recordTaking(
      OperationType type,
      String operationId,
      InstanceRow row,
      List<UUID> members,
      Map<String, Object> request,
      Object input,
      Instant now) {
    recordTaking(type, operationId, row, members, request, input, now, h -> {});
  }

  /** As above, with {@code alsoRecord}'s writes in the same transaction. */
  private void recordTaking(
      OperationType type,
      String operationId,
      InstanceRow row,
      List<UUID> members,
      Map<String, Object> request,
      Object input,
      Instant now,
      java.util.function.Consumer<Handle> alsoRecord) {
    jdbi.useTransaction(
        h -> {
          for (UUID member : members) {
            instances.lockForAction(h, type, row.projectId(), member, now);
          }
          alsoRecord.accept(h);
          h.attach(OperationDao.class)
              .insert(
                  OperationRows.pending(
                      json,
                      operationId,
                      type.code(),
                      type.resource().tableName(),
                      row.id(),
                      row.projectId(),
                      request,
                      null,
                      now),
                  starter.encode(input));
        });
  }

  /**
   * The backup of {@code source} a replica starts from (Trove's name for it), listed with the
   * tenant's backups until the replica runs.
   */
  private static void recordSnapshot(
      Handle h, UUID snapshot, InstanceRow source, UUID replica, Instant now) {
    h.attach(BackupDao.class)
        .insertNew(
            snapshot,
            source.projectId(),
            source.id(),
            "Replication snapshot for " + replica,
            null,
            null,
            source.datastoreVersionId(),
            snapshot + "/",
            now);
    h.attach(QuotaDao.class).exemptBackup(snapshot);
  }

  private InstanceRow source(String projectId, String ref) {
    UUID id;
    try {
      id = UUID.fromString(ref);
    } catch (IllegalArgumentException e) {
      throw TroveError.notFound("Resource " + ref + " cannot be found.");
    }
    return jdbi.withExtension(InstanceDao.class, dao -> dao.findLive(projectId, id))
        .orElseThrow(() -> TroveError.notFound("Resource " + ref + " cannot be found."));
  }

  private static int replicaCount(JsonNode value) {
    if (value == null || value.isNull()) {
      return 1;
    }
    if (!value.isIntegralNumber()) {
      throw TroveError.badRequest(
          "Validation error: instance['replica_count'] " + value + " is not of type 'integer'");
    }
    long count = value.asLong();
    if (count < 1) {
      throw TroveError.badRequest(
          "Validation error: instance['replica_count'] "
              + count
              + " is less than the minimum of 1");
    }
    if (count > MAX_REPLICA_COUNT) {
      throw TroveError.badRequest(
          "Validation error: instance['replica_count'] "
              + count
              + " is greater than the maximum of "
              + MAX_REPLICA_COUNT);
    }
    return (int) count;
  }

  private static void refuseGiven(JsonNode instance, String field, String message) {
    if (hasValue(instance, field)) {
      throw TroveError.badRequest(message);
    }
  }

  private static boolean nonEmpty(JsonNode instance, String field) {
    JsonNode value = instance.get(field);
    return value != null && !value.isNull() && !(value.isArray() && value.isEmpty());
  }

  private static boolean hasValue(JsonNode instance, String field) {
    return instance.has(field) && !instance.get(field).isNull();
  }
}
