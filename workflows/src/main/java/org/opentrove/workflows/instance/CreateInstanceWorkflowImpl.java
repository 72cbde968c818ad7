package org.opentrove.workflows.instance;

import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.opentrove.contract.BackupPiece;
import org.opentrove.contract.ClusterMembership;
import org.opentrove.contract.ClusterNode;
import org.opentrove.contract.PrepareArgs;
import org.opentrove.contract.ReplicaLogin;
import org.opentrove.contract.ReplicationSource;
import org.opentrove.contract.RequestContext;
import org.opentrove.contract.ServiceStatus;
import org.opentrove.model.OperationSteps;
import org.opentrove.temporal.NonRetryable;
import org.opentrove.temporal.activities.compute.ComputeActivities;
import org.opentrove.temporal.activities.compute.CreateServerRequest;
import org.opentrove.temporal.activities.compute.ReplicationEndpoint;
import org.opentrove.temporal.activities.compute.ServerInfo;
import org.opentrove.temporal.activities.guest.GuestActivities;
import org.opentrove.temporal.activities.store.InstanceStoreActivities;
import org.opentrove.temporal.activities.volume.VolumeActivities;
import org.opentrove.temporal.activities.volume.VolumeInfo;
import org.opentrove.temporal.api.CreateInstanceRequest;
import org.opentrove.temporal.api.CreateInstanceResult;
import org.opentrove.temporal.api.CreateInstanceWorkflow;
import org.opentrove.temporal.api.GuestStatus;
import org.opentrove.workflows.Failures;
import org.opentrove.workflows.saga.Compensations;

/**
 * The create saga. Each forward step registers its undo before it runs, so a failure at any step
 * (or a cancellation) removes exactly what exists: no process, volume or queue is left behind.
 */
public class CreateInstanceWorkflowImpl implements CreateInstanceWorkflow {
  static final String STEP_QUEUE = OperationSteps.CREATE_QUEUE_AND_VOLUME;
  static final String STEP_SERVER = OperationSteps.CREATE_SERVER;
  static final String STEP_LINK = OperationSteps.LINK_TO_SOURCE;
  static final String STEP_SNAPSHOT = OperationSteps.SNAPSHOT_SOURCE;
  static final String STEP_REMOVE_SNAPSHOT = OperationSteps.REMOVE_SOURCE_SNAPSHOT;
  static final String STEP_CLUSTER = OperationSteps.LINK_TO_CLUSTER;
  static final String STEP_PREPARE = OperationSteps.PREPARE_GUEST;
  static final String STEP_WAIT = OperationSteps.WAIT_FOR_GUEST;
  static final String STEP_COMPLETE = "complete";
  private static final String LIVENESS_CHANGE = "guest-liveness-check";
  private static final String QUOTA_RELEASE_CHANGE = "compensated-create-releases-quota";

  private final ComputeActivities compute = Workflow.newActivityStub(ComputeActivities.class);
  private final VolumeActivities volumes = Workflow.newActivityStub(VolumeActivities.class);
  private final GuestActivities guest = Workflow.newActivityStub(GuestActivities.class);
  // Our own database: quick, idempotent writes run as local activities, with no round trip
  // through the task queue.
  private final InstanceStoreActivities store =
      Workflow.newLocalActivityStub(InstanceStoreActivities.class);
  private final GuestWait guestWait;
  private final SourceSnapshot snapshots = new SourceSnapshot();

  private GuestStatus lastGuestStatus;
  private String step;

  public CreateInstanceWorkflowImpl() {
    this(GuestWait.DEFAULT);
  }

  public CreateInstanceWorkflowImpl(GuestWait guestWait) {
    this.guestWait = guestWait;
  }

  @Override
  public CreateInstanceResult create(CreateInstanceRequest request) {
    String id = request.instanceId().toString();
    Compensations saga = new Compensations();
    if (request.sourceSnapshot() != null) {
      // The API recorded it with the replica: whatever step fails, it goes.
      saga.add(STEP_REMOVE_SNAPSHOT, () -> snapshots.remove(request.sourceSnapshot()));
    }
    try {
      // Queue and volume do not depend on each other: create them in parallel.
      enter(request, STEP_QUEUE);
      saga.add(OperationSteps.DELETE_GUEST_QUEUE, () -> guest.deleteQueue(id));
      saga.add(OperationSteps.DELETE_VOLUME, () -> volumes.deleteVolume(id));
      Promise<Void> queue = Async.procedure(guest::createQueue, id);
      Promise<VolumeInfo> volumeCreated =
          Async.function(volumes::createVolume, id, request.volumeSizeGb(), request.volumeType());
      queue.get();
      VolumeInfo volume = volumeCreated.get();

      enter(request, STEP_SERVER);
      saga.add(OperationSteps.DELETE_SERVER, () -> compute.deleteServer(id));
      ServerInfo server =
          compute.createServer(
              new CreateServerRequest(
                  id,
                  request.ramMb(),
                  request.vcpus(),
                  request.datastore(),
                  volume.path(),
                  request.locality()));
      store.recordServer(request.instanceId(), server.serverId(), server.host(), server.port());

      ReplicationSource source = null;
      List<BackupPiece> restoreChain = request.restoreChain();
      if (request.replicaOf() != null) {
        enter(request, STEP_LINK);
        source = linkToSource(request, saga);
      }
      if (request.sourceSnapshot() != null) {
        enter(request, STEP_SNAPSHOT);
        restoreChain = snapshotSource(request);
      }

      ClusterMembership cluster = null;
      if (request.cluster() != null) {
        enter(request, STEP_CLUSTER);
        cluster = linkToCluster(request, saga);
      }

      enter(request, STEP_PREPARE);
      guest.prepare(
          id,
          context(request, STEP_PREPARE),
          prepareArgs(request, server, source, restoreChain, cluster));

      enter(request, STEP_WAIT);
      awaitHealthyGuest(request);

      if (request.sourceSnapshot() != null) {
        enter(request, STEP_REMOVE_SNAPSHOT);
        snapshots.removeLeavingNote(request.sourceSnapshot());
      }

      step = STEP_COMPLETE;
      store.completeCreate(request.instanceId(), request.operationId());
      return new CreateInstanceResult(server.host(), server.port());
    } catch (TemporalFailure failure) {
      String failedStep = step;
      // A cancelled create must still clean up after itself, and its outcome is always recorded,
      // even when an undo failed (the fault names it; a delete removes what it left).
      List<String> failedUndos = saga.run();
      Failures.recordOutcome(
          () -> {
            if (Failures.isCancellation(failure) && failedUndos.isEmpty()) {
              store.cancelCreate(request.instanceId(), request.operationId(), failedStep);
            } else if (failedUndos.isEmpty()
                && Workflow.getVersion(QUOTA_RELEASE_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1) {
              // Nothing of it is left: it gives its quota back (its ERROR row stays to be seen).
              store.failCompensatedCreate(
                  request.instanceId(),
                  request.operationId(),
                  failedStep,
                  Compensations.describe(Failures.causeOf(failure), failedUndos));
            } else {
              store.failCreate(
                  request.instanceId(),
                  request.operationId(),
                  failedStep,
                  Compensations.describe(Failures.causeOf(failure), failedUndos));
            }
          });
      throw failure;
    }
  }

  /**
   * A replica's path to its source and its account and slot there (each undone by the saga): the
   * source keeps the WAL the replica has not received from before the copy starts.
   */
  private ReplicationSource linkToSource(CreateInstanceRequest request, Compensations saga) {
    String id = request.instanceId().toString();
    String sourceId = request.replicaOf().toString();
    RequestContext unlink = context(request, OperationSteps.UNLINK_FROM_SOURCE);
    saga.add(
        OperationSteps.UNLINK_FROM_SOURCE,
        () -> {
          guest.removeReplica(sourceId, unlink, id);
          compute.closeReplicationLink(id);
        });
    ReplicationEndpoint endpoint = compute.openReplicationLink(id, sourceId);
    ReplicaLogin login = guest.addReplica(sourceId, context(request, STEP_LINK), id);
    return new ReplicationSource(sourceId, endpoint.host(), endpoint.port(), login);
  }

  /**
   * A cluster member's paths to the members it joins and theirs to it (the undo cuts it off again),
   * and where each of them listens.
   */
  private ClusterMembership linkToCluster(CreateInstanceRequest request, Compensations saga) {
    String id = request.instanceId().toString();
    List<String> members = request.cluster().members().stream().map(UUID::toString).toList();
    List<String> others = members.stream().filter(member -> !member.equals(id)).toList();
    saga.add(
        OperationSteps.LINK_TO_CLUSTER,
        () -> {
          if (!others.isEmpty()) {
            compute.connectClusterMembers(others);
          }
        });
    List<ClusterNode> nodes = compute.connectClusterMembers(members);
    return new ClusterMembership(
        request.cluster().clusterId().toString(), id, nodes, request.cluster().bootstraps());
  }

  /** The backup of the source this replica starts from (the saga removes it on failure). */
  private List<BackupPiece> snapshotSource(CreateInstanceRequest request) {
    UUID snapshotId = request.sourceSnapshot();
    return List.of(
        snapshots.take(
            request.replicaOf().toString(), snapshotId, context(request, STEP_SNAPSHOT)));
  }

  @Override
  public void guestStatus(GuestStatus status) {
    lastGuestStatus = status;
  }

  private void awaitHealthyGuest(CreateInstanceRequest request) {
    String id = request.instanceId().toString();
    // Histories recorded before the liveness check waited in one piece.
    boolean checksLiveness = Workflow.getVersion(LIVENESS_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1;
    Duration timeout = guestWait.readyTimeout();
    Duration slice = checksLiveness ? min(guestWait.livenessCheck(), timeout) : timeout;
    long deadline = Workflow.currentTimeMillis() + timeout.toMillis();
    boolean reported = false;
    while (!reported && Workflow.currentTimeMillis() < deadline) {
      Duration left = Duration.ofMillis(deadline - Workflow.currentTimeMillis());
      reported = Workflow.await(min(slice, left), this::guestHasAnswered);
      if (!reported && checksLiveness && !compute.serverIsRunning(id)) {
        throw ApplicationFailure.newNonRetryableFailure(
            "the server stopped before its guest reported a healthy datastore",
            NonRetryable.SERVER_STOPPED);
      }
    }
    if (reported && lastGuestStatus.status() == ServiceStatus.FAILED) {
      throw ApplicationFailure.newNonRetryableFailure(
          "the guest could not prepare the datastore: " + lastGuestStatus.message(),
          NonRetryable.GUEST_PREPARE_FAILED);
    }
    if (!reported) {
      // The signal may have been lost with a conductor; the stored status is authoritative.
      String stored = store.serviceStatus(request.instanceId());
      if (!ServiceStatus.valueOf(stored).isResponsive()) {
        throw ApplicationFailure.newNonRetryableFailure(
            "the guest did not report a healthy datastore within "
                + timeout.toSeconds()
                + "s (last status "
                + stored
                + ")",
            NonRetryable.GUEST_TIMEOUT);
      }
    }
  }

  private boolean guestHasAnswered() {
    return lastGuestStatus != null
        && (lastGuestStatus.status().isResponsive()
            || lastGuestStatus.status() == ServiceStatus.FAILED);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private void enter(CreateInstanceRequest request, String next) {
    step = next;
    store.recordStep(request.operationId(), next);
  }

  private static RequestContext context(CreateInstanceRequest request, String step) {
    return new RequestContext(
        request.requestId(), request.projectId(), request.operationId(), step);
  }

  private static PrepareArgs prepareArgs(
      CreateInstanceRequest request,
      ServerInfo server,
      ReplicationSource source,
      List<BackupPiece> restoreChain,
      ClusterMembership cluster) {
    return new PrepareArgs(
        request.datastore(),
        request.datastoreVersion(),
        server.port(),
        request.ramMb(),
        request.databases(),
        request.users(),
        restoreChain,
        source,
        cluster);
  }
}
