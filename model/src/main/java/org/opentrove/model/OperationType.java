package org.opentrove.model;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Every kind of operation, declared once: its id scheme, the resource it acts on, the instance task
 * it holds and from which tasks it may take it, what a failure leaves, whether it can be retried or
 * cancelled, and its ordered steps. Code that dispatches on operations switches exhaustively over
 * this enum, so a new constant that is not handled everywhere does not compile. The workflow and
 * request type of each are bound in {@code temporal/OperationWorkflows}.
 */
public enum OperationType {
  INSTANCE_CREATE(
      "instance-create",
      Resource.INSTANCE,
      Ids.ONCE_PER_RESOURCE,
      new Lock(InstanceTask.BUILDING, Set.of(), InstanceTask.BUILD_FAILED),
      Retry.RUN_AGAIN,
      Cancel.COMPENSATE,
      List.of(
          OperationSteps.CREATE_QUEUE_AND_VOLUME,
          OperationSteps.CREATE_SERVER,
          OperationSteps.LINK_TO_SOURCE, // entered by a replica's create only
          OperationSteps.SNAPSHOT_SOURCE, // by a replica that starts from a backup of its source
          OperationSteps.LINK_TO_CLUSTER, // by a cluster member's
          OperationSteps.PREPARE_GUEST,
          OperationSteps.WAIT_FOR_GUEST,
          OperationSteps.REMOVE_SOURCE_SNAPSHOT)),
  INSTANCE_DELETE(
      "instance-delete",
      Resource.INSTANCE,
      Ids.ONCE_PER_RESOURCE,
      new Lock(
          InstanceTask.DELETING,
          Set.of(InstanceTask.NONE, InstanceTask.BUILD_FAILED, InstanceTask.DELETE_FAILED),
          InstanceTask.DELETE_FAILED),
      Retry.RUN_AGAIN,
      Cancel.NOT_ALLOWED,
      List.of(
          OperationSteps.STOP_DATASTORE,
          OperationSteps.UNLINK_FROM_SOURCE, // entered by a replica's delete only
          OperationSteps.DELETE_SERVER,
          OperationSteps.DELETE_VOLUME,
          OperationSteps.DELETE_GUEST_QUEUE)),
  INSTANCE_RESTART(
      "instance-restart",
      Resource.INSTANCE,
      Ids.REPEATABLE,
      new Lock(InstanceTask.RESTARTING, Set.of(InstanceTask.NONE), InstanceTask.NONE),
      Retry.RUN_AGAIN,
      Cancel.NOT_ALLOWED,
      List.of(OperationSteps.RESTART_DATASTORE, OperationSteps.WAIT_FOR_DATASTORE)),
  /**
   * Trove's admin {@code reboot}: the server restarts, its guest and datastore with it. Holds the
   * task restart holds (Trove's REBOOTING for both).
   */
  INSTANCE_REBOOT(
      "instance-reboot",
      Resource.INSTANCE,
      Ids.REPEATABLE,
      new Lock(InstanceTask.RESTARTING, Set.of(InstanceTask.NONE), InstanceTask.NONE),
      Retry.RUN_AGAIN,
      Cancel.NOT_ALLOWED,
      List.of(OperationSteps.REBOOT_SERVER, OperationSteps.WAIT_FOR_DATASTORE)),
  /**
   * Trove's admin {@code migrate}: the datastore stops, the compute service moves the server to
   * another host (or the one named) and the move is confirmed, the datastore starts again. A
   * failure starts the datastore again where the server is and hands the instance back.
   */
  INSTANCE_MIGRATE(
      "instance-migrate",
      Resource.INSTANCE,
      Ids.REPEATABLE,
      new Lock(InstanceTask.MIGRATING, Set.of(InstanceTask.NONE), InstanceTask.NONE),
      Retry.RUN_AGAIN,
      Cancel.NOT_ALLOWED,
      List.of(
          OperationSteps.STOP_DATASTORE,
          OperationSteps.MIGRATE_SERVER,
          OperationSteps.RESTART_DATASTORE,
          OperationSteps.WAIT_FOR_DATASTORE)),
  /**
   * Trove's {@code resize} with {@code volume}: grows the volume while the datastore runs. A
   * failure leaves the recorded size and the instance as they were.
   */
  INSTANCE_RESIZE_VOLUME(
      "instance-resize-volume",
      Resource.INSTANCE,
      Ids.REPEATABLE,
      new Lock(InstanceTask.RESIZING, Set.of(InstanceTask.NONE), InstanceTask.NONE),
      Retry.RUN_AGAIN,
      Cancel.NOT_ALLOWED,
      List.of(OperationSteps.GROW_VOLUME, OperationSteps.GROW_FILESYSTEM)),
  /**
   * Trove's {@code resize} with {@code flavorRef}: the server takes the new flavor's limits (the
   * datastore stopped first, {@code stop-datastore}, only when memory shrinks), the datastore
   * starts again with memory settings sized from it. A datastore that does not come back healthy is
   * put back on the old flavor ({@code revert-resize}, entered only then).
   */
  INSTANCE_RESIZE_FLAVOR(
      "instance-resize-flavor",
      Resource.INSTANCE,
      Ids.REPEATABLE,
      new Lock(InstanceTask.RESIZING, Set.of(InstanceTask.NONE), InstanceTask.NONE),
      Retry.NEVER, // a failed resize was reverted: asking again is a new resize
      Cancel.NOT_ALLOWED,
      List.of(
          OperationSteps.STOP_DATASTORE,
          OperationSteps.RESIZE_SERVER,
          OperationSteps.START_ON_FLAVOR,
          OperationSteps.WAIT_FOR_DATASTORE,
          OperationSteps.REVERT_RESIZE)),
  /**
   * Trove's detach ({@code PATCH /instances/{id}} with {@code replica_of}): the replica is promoted
   * to a standalone read-write instance, recorded as one, and its slot, role and network path on
   * the source are removed. Trove's detach has no error task: a failure leaves NONE.
   */
  INSTANCE_DETACH_REPLICA(
      "instance-detach-replica",
      Resource.INSTANCE,
      Ids.REPEATABLE,
      new Lock(InstanceTask.DETACHING, Set.of(InstanceTask.NONE), InstanceTask.NONE),
      Retry.RUN_AGAIN,
      Cancel.NOT_ALLOWED,
      List.of(
          OperationSteps.PROMOTE_REPLICA,
          OperationSteps.RECORD_DETACHED,
          OperationSteps.UNLINK_FROM_SOURCE)),
  /**
   * Trove's {@code promote_to_replica_source}, a planned switchover: the source stops cleanly (its
   * replicas receive everything it wrote), the replica replays past its last record and takes
   * writes, the other replicas follow it, the old source rejoins as its replica. Every member of
   * the set is PROMOTING meanwhile, as in Trove.
   */
  INSTANCE_PROMOTE_REPLICA(
      "instance-promote-replica",
      Resource.INSTANCE,
      Ids.REPEATABLE,
      new Lock(InstanceTask.PROMOTING, Set.of(InstanceTask.NONE), InstanceTask.NONE),
      Retry.NEVER,
      Cancel.NOT_ALLOWED,
      List.of(
          OperationSteps.STOP_SOURCE,
          OperationSteps.PROMOTE_REPLICA,
          OperationSteps.REPOINT_REPLICAS,
          OperationSteps.REJOIN_OLD_SOURCE,
          OperationSteps.RECORD_REPLICA_SET)),
  /**
   * Trove's {@code eject_replica_source}, a failover from a source whose heartbeat expired (asked
   * by the tenant, or by the failover monitor when the set opted in): the source's server is
   * stopped first so it can never take a write again, the replica that received most is promoted,
   * the others follow it. The ejected source stays stopped (SHUTOFF) until it rejoins. Every member
   * is EJECTING meanwhile, as in Trove.
   */
  INSTANCE_EJECT_SOURCE(
      "instance-eject-source",
      Resource.INSTANCE,
      Ids.REPEATABLE,
      new Lock(InstanceTask.EJECTING, Set.of(InstanceTask.NONE), InstanceTask.NONE),
      Retry.NEVER,
      Cancel.NOT_ALLOWED,
      List.of(
          OperationSteps.FENCE_SOURCE,
          OperationSteps.CHOOSE_REPLICA,
          OperationSteps.PROMOTE_REPLICA,
          OperationSteps.REPOINT_REPLICAS,
          OperationSteps.RECORD_REPLICA_SET)),
  /**
   * A fenced former source brought back (beyond Trove: the tenant's {@code restart} of it), only as
   * a replica of its set's source: its guest starts with the datastore held, its data is replaced
   * by a copy of the source's, and it follows that source read-only.
   */
  INSTANCE_REJOIN_SET(
      "instance-rejoin-set",
      Resource.INSTANCE,
      Ids.REPEATABLE,
      new Lock(InstanceTask.REJOINING, Set.of(InstanceTask.NONE), InstanceTask.NONE),
      Retry.NEVER,
      Cancel.NOT_ALLOWED,
      List.of(
          OperationSteps.UNFENCE_SERVER,
          OperationSteps.LINK_TO_SOURCE,
          OperationSteps.SNAPSHOT_SOURCE, // an engine that restores a backup of the source
          OperationSteps.COPY_SOURCE,
          OperationSteps.REMOVE_SOURCE_SNAPSHOT,
          OperationSteps.RECORD_REPLICA_SET)),
  /** Trove's instance update of the name: done by the API at once and recorded, no workflow. */
  INSTANCE_UPDATE("instance-update"),
  /** An administrator's reset: recorded when done, no workflow. */
  INSTANCE_RESET_STATUS("instance-reset-status"),
  /**
   * Trove's management {@code reset-task-status}: the task is declared dead as by {@code
   * reset_status}, but the guest's status is left as it is. Recorded when done, no workflow.
   */
  INSTANCE_RESET_TASK("instance-reset-task"),
  /**
   * Trove's management {@code stop}: the guest stops its datastore when called. Recorded once it
   * answered, no workflow.
   */
  INSTANCE_STOP("instance-stop"),
  BACKUP_CREATE(
      "backup-create",
      Resource.BACKUP,
      Ids.ONCE_PER_RESOURCE,
      new Lock(InstanceTask.BACKING_UP, Set.of(InstanceTask.NONE), InstanceTask.NONE),
      Retry.NEVER,
      Cancel.NOT_ALLOWED,
      List.of(
          OperationSteps.START_BACKUP,
          OperationSteps.STREAM_BACKUP,
          OperationSteps.WAIT_FOR_BACKUP)),
  /** Holds no instance task: the backup's own state guards it. */
  BACKUP_DELETE(
      "backup-delete",
      Resource.BACKUP,
      Ids.ONCE_PER_RESOURCE,
      null,
      Retry.NEVER,
      Cancel.NOT_ALLOWED,
      List.of(OperationSteps.DELETE_BACKUP_OBJECTS)),
  /**
   * Trove's cluster create: the first member bootstraps the cluster, the others join it one by one
   * (each receives the data by state transfer), each member an instance created by its own create
   * operation run as a child workflow; then every member learns every other.
   */
  CLUSTER_CREATE(
      "cluster-create",
      Resource.CLUSTER,
      Ids.ONCE_PER_RESOURCE,
      null, // the cluster's own task guards it (BUILDING_INITIAL)
      Retry.NEVER,
      Cancel.NOT_ALLOWED,
      List.of(
          OperationSteps.BOOTSTRAP_CLUSTER,
          OperationSteps.JOIN_MEMBERS,
          OperationSteps.UPDATE_MEMBER_SETTINGS,
          OperationSteps.RECORD_CLUSTER)),
  /** Trove's cluster {@code grow}: new members join one by one (GROWING_CLUSTER). */
  CLUSTER_GROW(
      "cluster-grow",
      Resource.CLUSTER,
      Ids.REPEATABLE,
      null,
      Retry.NEVER,
      Cancel.NOT_ALLOWED,
      List.of(
          OperationSteps.ADD_MEMBERS,
          OperationSteps.UPDATE_MEMBER_SETTINGS,
          OperationSteps.RECORD_CLUSTER)),
  /**
   * Trove's cluster {@code shrink}: the members named leave (each deleted by its own delete
   * operation, a child workflow), the others forget them (SHRINKING_CLUSTER).
   */
  CLUSTER_SHRINK(
      "cluster-shrink",
      Resource.CLUSTER,
      Ids.REPEATABLE,
      null,
      Retry.NEVER,
      Cancel.NOT_ALLOWED,
      List.of(
          OperationSteps.REMOVE_MEMBERS,
          OperationSteps.UPDATE_MEMBER_SETTINGS,
          OperationSteps.RECORD_CLUSTER)),
  /**
   * Trove's cluster {@code restart}: a rolling restart, one member after the other, each by its own
   * restart operation (a child workflow), the next only once the last is healthy again
   * (RESTARTING_CLUSTER).
   */
  CLUSTER_RESTART(
      "cluster-restart",
      Resource.CLUSTER,
      Ids.REPEATABLE,
      null,
      Retry.NEVER,
      Cancel.NOT_ALLOWED,
      List.of(OperationSteps.RESTART_MEMBERS, OperationSteps.RECORD_CLUSTER)),
  /** Trove's cluster delete: every member deleted by its own delete operation (DELETING). */
  CLUSTER_DELETE(
      "cluster-delete",
      Resource.CLUSTER,
      Ids.ONCE_PER_RESOURCE,
      null,
      Retry.NEVER, // deleting again runs it again
      Cancel.NOT_ALLOWED,
      List.of(OperationSteps.DELETE_MEMBERS, OperationSteps.RECORD_CLUSTER));

  /** What the operation's id names: {@code instance} or {@code backup} (the operations table). */
  public enum Resource {
    INSTANCE,
    BACKUP,
    CLUSTER;

    public String tableName() {
      return name().toLowerCase();
    }
  }

  /**
   * {@code ONCE_PER_RESOURCE}: the id is {@code <type>/<resource uuid>} (an instance is created
   * once); {@code REPEATABLE}: {@code <type>/<resource uuid>/<uuid>}, one per request.
   */
  public enum Ids {
    ONCE_PER_RESOURCE,
    REPEATABLE
  }

  /** A failed operation runs again under the same id ({@code RUN_AGAIN}), or never. */
  public enum Retry {
    RUN_AGAIN,
    NEVER
  }

  /** A running operation can be cancelled and compensated, or not at all. */
  public enum Cancel {
    COMPENSATE,
    NOT_ALLOWED
  }

  /**
   * The instance task an operation holds while it runs, the tasks it may take it from (by one
   * compare-and-set, in the API's transaction) and the task a failure leaves.
   */
  public record Lock(InstanceTask holds, Set<InstanceTask> takenFrom, InstanceTask afterFailure) {
    public Lock {
      takenFrom = takenFrom.isEmpty() ? Set.of() : EnumSet.copyOf(takenFrom);
    }
  }

  private final String code;
  private final Resource resource;
  private final Ids ids;
  private final Lock lock;
  private final Retry retry;
  private final Cancel cancel;
  private final List<String> steps;

  /**
   * An instance operation the API carries out and records itself, done when recorded: no workflow,
   * no lock, no steps, nothing to retry or cancel.
   */
  OperationType(String code) {
    this(code, Resource.INSTANCE, Ids.REPEATABLE, null, Retry.NEVER, Cancel.NOT_ALLOWED, List.of());
  }

  OperationType(
      String code,
      Resource resource,
      Ids ids,
      Lock lock,
      Retry retry,
      Cancel cancel,
      List<String> steps) {
    this.code = code;
    this.resource = resource;
    this.ids = ids;
    this.lock = lock;
    this.retry = retry;
    this.cancel = cancel;
    this.steps = steps;
  }

  /** The type's name in operation ids, the operations table and Temporal's search attributes. */
  public String code() {
    return code;
  }

  public Resource resource() {
    return resource;
  }

  /** The instance task it holds, if it holds one. */
  public Optional<Lock> lock() {
    return Optional.ofNullable(lock);
  }

  public Retry retry() {
    return retry;
  }

  public Cancel cancel() {
    return cancel;
  }

  public List<String> steps() {
    return steps;
  }

  /**
   * Steps only some runs enter (a replica's link to its source): progress counts one only once it
   * was entered.
   */
  public Set<String> conditionalSteps() {
    return switch (this) {
      case INSTANCE_CREATE ->
          Set.of(
              OperationSteps.LINK_TO_SOURCE,
              OperationSteps.SNAPSHOT_SOURCE,
              OperationSteps.LINK_TO_CLUSTER,
              OperationSteps.REMOVE_SOURCE_SNAPSHOT);
      case INSTANCE_DELETE -> Set.of(OperationSteps.UNLINK_FROM_SOURCE);
      case INSTANCE_REJOIN_SET ->
          Set.of(OperationSteps.SNAPSHOT_SOURCE, OperationSteps.REMOVE_SOURCE_SNAPSHOT);
      default -> Set.of();
    };
  }

  /** The operation id (also the workflow id) for a new operation on {@code resourceId}. */
  public String newId(UUID resourceId) {
    return switch (ids) {
      case ONCE_PER_RESOURCE -> code + "/" + resourceId;
      case REPEATABLE -> code + "/" + resourceId + "/" + UUID.randomUUID();
    };
  }

  /** The id of this type's one operation on {@code resourceId}. */
  public String idOf(UUID resourceId) {
    if (ids != Ids.ONCE_PER_RESOURCE) {
      throw new IllegalStateException(code + " is repeatable: every operation has its own id");
    }
    return code + "/" + resourceId;
  }

  public static Optional<OperationType> byCode(String code) {
    return Arrays.stream(values()).filter(t -> t.code.equals(code)).findFirst();
  }

  /** The type of an operation id. */
  public static Optional<OperationType> ofId(String operationId) {
    return byCode(codeOf(operationId));
  }

  /** The type's code in an operation id, known or not: the part before the first slash. */
  public static String codeOf(String operationId) {
    int slash = operationId.indexOf('/');
    return slash < 0 ? operationId : operationId.substring(0, slash);
  }
}
