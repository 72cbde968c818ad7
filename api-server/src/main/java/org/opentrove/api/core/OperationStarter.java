package org.opentrove.api.core;

import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.model.OperationType;
import org.opentrove.store.OperationDao;
import org.opentrove.temporal.TaskQueues;
import org.opentrove.temporal.TroveSearchAttributes;
import org.opentrove.temporal.api.BackupWorkflow;
import org.opentrove.temporal.api.CreateBackupRequest;
import org.opentrove.temporal.api.CreateClusterRequest;
import org.opentrove.temporal.api.CreateClusterWorkflow;
import org.opentrove.temporal.api.CreateInstanceRequest;
import org.opentrove.temporal.api.CreateInstanceWorkflow;
import org.opentrove.temporal.api.DeleteBackupRequest;
import org.opentrove.temporal.api.DeleteBackupWorkflow;
import org.opentrove.temporal.api.DeleteClusterRequest;
import org.opentrove.temporal.api.DeleteClusterWorkflow;
import org.opentrove.temporal.api.DeleteInstanceRequest;
import org.opentrove.temporal.api.DeleteInstanceWorkflow;
import org.opentrove.temporal.api.DetachReplicaRequest;
import org.opentrove.temporal.api.DetachReplicaWorkflow;
import org.opentrove.temporal.api.EjectSourceRequest;
import org.opentrove.temporal.api.EjectSourceWorkflow;
import org.opentrove.temporal.api.GrowClusterRequest;
import org.opentrove.temporal.api.GrowClusterWorkflow;
import org.opentrove.temporal.api.MigrateInstanceRequest;
import org.opentrove.temporal.api.MigrateInstanceWorkflow;
import org.opentrove.temporal.api.PromoteReplicaRequest;
import org.opentrove.temporal.api.PromoteReplicaWorkflow;
import org.opentrove.temporal.api.RebootInstanceRequest;
import org.opentrove.temporal.api.RebootInstanceWorkflow;
import org.opentrove.temporal.api.RejoinSetRequest;
import org.opentrove.temporal.api.RejoinSetWorkflow;
import org.opentrove.temporal.api.ResizeFlavorRequest;
import org.opentrove.temporal.api.ResizeFlavorWorkflow;
import org.opentrove.temporal.api.ResizeVolumeRequest;
import org.opentrove.temporal.api.ResizeVolumeWorkflow;
import org.opentrove.temporal.api.RestartClusterRequest;
import org.opentrove.temporal.api.RestartClusterWorkflow;
import org.opentrove.temporal.api.RestartInstanceRequest;
import org.opentrove.temporal.api.RestartInstanceWorkflow;
import org.opentrove.temporal.api.ShrinkClusterRequest;
import org.opentrove.temporal.api.ShrinkClusterWorkflow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the workflow of a committed operation. Starting is idempotent by workflow id: a second
 * start of the same operation finds the first and changes nothing.
 */
public class OperationStarter {
  private static final Logger LOG = LoggerFactory.getLogger(OperationStarter.class);

  /** How long a request waits for Temporal to take a start before answering without it. */
  private static final Duration START_WAIT = Duration.ofSeconds(3);

  /**
   * Starts still retrying against an unreachable Temporal hold a thread each: bounded, so an outage
   * under load cannot pile up threads; a start that finds no room is left to the reconciler.
   */
  private final ThreadPoolExecutor starts = boundedStartPool();

  private final WorkflowClient client;
  private final Jdbi jdbi;
  private final Clock clock;

  public OperationStarter(WorkflowClient client, Jdbi jdbi, Clock clock) {
    this.client = client;
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /**
   * The workflow input as stored on the operation row, encrypted by the client's data converter
   * (the same payload key as workflow history), so a reconciler can start it later.
   */
  public byte[] encode(Object workflowInput) {
    return client
        .getOptions()
        .getDataConverter()
        .toPayload(workflowInput)
        .orElseThrow()
        .toByteArray();
  }

  public <T> T decode(byte[] stored, Class<T> type) {
    try {
      return client
          .getOptions()
          .getDataConverter()
          .fromPayload(Payload.parseFrom(stored), type, type);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("unreadable stored workflow input", e);
    }
  }

  /**
   * Starts an operation from the input stored on its row (reconciler, retry, idempotent replay).
   *
   * @return false for an operation type that has no workflow, or when Temporal could not be reached
   *     (the reconciler starts it later)
   */
  public boolean startStored(String operationId, byte[] storedInput) {
    Optional<OperationType> type = OperationType.ofId(operationId);
    if (type.isEmpty()) {
      return false;
    }
    // A switch expression, so the compiler insists on every type.
    return switch (type.get()) {
      case INSTANCE_CREATE -> startCreate(decode(storedInput, CreateInstanceRequest.class));
      case INSTANCE_DELETE -> startDelete(decode(storedInput, DeleteInstanceRequest.class));
      case INSTANCE_RESTART -> startRestart(decode(storedInput, RestartInstanceRequest.class));
      case INSTANCE_REBOOT -> startReboot(decode(storedInput, RebootInstanceRequest.class));
      case INSTANCE_MIGRATE -> startMigrate(decode(storedInput, MigrateInstanceRequest.class));
      case INSTANCE_DETACH_REPLICA -> startDetach(decode(storedInput, DetachReplicaRequest.class));
      case INSTANCE_EJECT_SOURCE -> startEject(decode(storedInput, EjectSourceRequest.class));
      case INSTANCE_PROMOTE_REPLICA ->
          startPromote(decode(storedInput, PromoteReplicaRequest.class));
      case INSTANCE_REJOIN_SET -> startRejoin(decode(storedInput, RejoinSetRequest.class));
      case INSTANCE_RESIZE_VOLUME ->
          startResizeVolume(decode(storedInput, ResizeVolumeRequest.class));
      case INSTANCE_RESIZE_FLAVOR ->
          startResizeFlavor(decode(storedInput, ResizeFlavorRequest.class));
      case BACKUP_CREATE -> startBackup(decode(storedInput, CreateBackupRequest.class));
      case BACKUP_DELETE -> startBackupDelete(decode(storedInput, DeleteBackupRequest.class), null);
      case CLUSTER_CREATE -> startClusterCreate(decode(storedInput, CreateClusterRequest.class));
      case CLUSTER_GROW -> startClusterGrow(decode(storedInput, GrowClusterRequest.class));
      case CLUSTER_SHRINK -> startClusterShrink(decode(storedInput, ShrinkClusterRequest.class));
      case CLUSTER_RESTART -> startClusterRestart(decode(storedInput, RestartClusterRequest.class));
      case CLUSTER_DELETE -> startClusterDelete(decode(storedInput, DeleteClusterRequest.class));
      case INSTANCE_RESET_STATUS, INSTANCE_RESET_TASK, INSTANCE_STOP, INSTANCE_UPDATE -> false;
    };
  }

  public boolean startClusterCreate(CreateClusterRequest request) {
    CreateClusterWorkflow workflow =
        client.newWorkflowStub(
            CreateClusterWorkflow.class,
            options(request.operationId(), request.clusterId(), request.projectId()));
    return start(request.operationId(), () -> WorkflowClient.start(workflow::create, request));
  }

  public boolean startClusterGrow(GrowClusterRequest request) {
    GrowClusterWorkflow workflow =
        client.newWorkflowStub(
            GrowClusterWorkflow.class,
            options(request.operationId(), request.clusterId(), request.projectId()));
    return start(request.operationId(), () -> WorkflowClient.start(workflow::grow, request));
  }

  public boolean startClusterShrink(ShrinkClusterRequest request) {
    ShrinkClusterWorkflow workflow =
        client.newWorkflowStub(
            ShrinkClusterWorkflow.class,
            options(request.operationId(), request.clusterId(), request.projectId()));
    return start(request.operationId(), () -> WorkflowClient.start(workflow::shrink, request));
  }

  public boolean startClusterRestart(RestartClusterRequest request) {
    RestartClusterWorkflow workflow =
        client.newWorkflowStub(
            RestartClusterWorkflow.class,
            options(request.operationId(), request.clusterId(), request.projectId()));
    return start(request.operationId(), () -> WorkflowClient.start(workflow::restart, request));
  }

  public boolean startClusterDelete(DeleteClusterRequest request) {
    DeleteClusterWorkflow workflow =
        client.newWorkflowStub(
            DeleteClusterWorkflow.class,
            options(request.operationId(), request.clusterId(), request.projectId()));
    return start(request.operationId(), () -> WorkflowClient.start(workflow::delete, request));
  }

  public boolean startCreate(CreateInstanceRequest request) {
    CreateInstanceWorkflow workflow =
        client.newWorkflowStub(
            CreateInstanceWorkflow.class,
            options(request.operationId(), request.instanceId(), request.projectId()));
    return start(request.operationId(), () -> WorkflowClient.start(workflow::create, request));
  }

  public boolean startDelete(DeleteInstanceRequest request) {
    DeleteInstanceWorkflow workflow =
        client.newWorkflowStub(
            DeleteInstanceWorkflow.class,
            options(request.operationId(), request.instanceId(), request.projectId()));
    return start(request.operationId(), () -> WorkflowClient.start(workflow::delete, request));
  }

  public boolean startMigrate(MigrateInstanceRequest request) {
    MigrateInstanceWorkflow workflow =
        client.newWorkflowStub(
            MigrateInstanceWorkflow.class,
            options(request.operationId(), request.instanceId(), request.projectId()));
    return start(request.operationId(), () -> WorkflowClient.start(workflow::migrate, request));
  }

  public boolean startRestart(RestartInstanceRequest request) {
    RestartInstanceWorkflow workflow =
        client.newWorkflowStub(
            RestartInstanceWorkflow.class,
            options(request.operationId(), request.instanceId(), request.projectId()));
    return start(request.operationId(), () -> WorkflowClient.start(workflow::restart, request));
  }

  public boolean startDetach(DetachReplicaRequest request) {
    DetachReplicaWorkflow workflow =
        client.newWorkflowStub(
            DetachReplicaWorkflow.class,
            options(request.operationId(), request.instanceId(), request.projectId()));
    return start(request.operationId(), () -> WorkflowClient.start(workflow::detach, request));
  }

  public boolean startEject(EjectSourceRequest request) {
    EjectSourceWorkflow workflow =
        client.newWorkflowStub(
            EjectSourceWorkflow.class,
            options(request.operationId(), request.instanceId(), request.projectId()));
    return start(request.operationId(), () -> WorkflowClient.start(workflow::eject, request));
  }

  public boolean startRejoin(RejoinSetRequest request) {
    RejoinSetWorkflow workflow =
        client.newWorkflowStub(
            RejoinSetWorkflow.class,
            options(request.operationId(), request.instanceId(), request.projectId()));
    return start(request.operationId(), () -> WorkflowClient.start(workflow::rejoin, request));
  }

  public boolean startPromote(PromoteReplicaRequest request) {
    PromoteReplicaWorkflow workflow =
        client.newWorkflowStub(
            PromoteReplicaWorkflow.class,
            options(request.operationId(), request.instanceId(), request.projectId()));
    return start(request.operationId(), () -> WorkflowClient.start(workflow::promote, request));
  }

  public boolean startReboot(RebootInstanceRequest request) {
    RebootInstanceWorkflow workflow =
        client.newWorkflowStub(
            RebootInstanceWorkflow.class,
            options(request.operationId(), request.instanceId(), request.projectId()));
    return start(request.operationId(), () -> WorkflowClient.start(workflow::reboot, request));
  }

  public boolean startResizeVolume(ResizeVolumeRequest request) {
    ResizeVolumeWorkflow workflow =
        client.newWorkflowStub(
            ResizeVolumeWorkflow.class,
            options(request.operationId(), request.instanceId(), request.projectId()));
    return start(request.operationId(), () -> WorkflowClient.start(workflow::resize, request));
  }

  public boolean startResizeFlavor(ResizeFlavorRequest request) {
    ResizeFlavorWorkflow workflow =
        client.newWorkflowStub(
            ResizeFlavorWorkflow.class,
            options(request.operationId(), request.instanceId(), request.projectId()));
    return start(request.operationId(), () -> WorkflowClient.start(workflow::resize, request));
  }

  public boolean startBackup(CreateBackupRequest request) {
    BackupWorkflow workflow =
        client.newWorkflowStub(
            BackupWorkflow.class,
            options(request.operationId(), request.instanceId(), request.projectId()));
    return start(request.operationId(), () -> WorkflowClient.start(workflow::backup, request));
  }

  /** {@code instanceId}: the backed-up instance, for Temporal's search attributes (may be null). */
  public boolean startBackupDelete(DeleteBackupRequest request, UUID instanceId) {
    DeleteBackupWorkflow workflow =
        client.newWorkflowStub(
            DeleteBackupWorkflow.class,
            options(request.operationId(), instanceId, request.projectId()));
    return start(request.operationId(), () -> WorkflowClient.start(workflow::delete, request));
  }

  /**
   * Starts a committed operation's workflow. When Temporal cannot be reached the operation stays
   * PENDING with its workflow unstarted and the caller still answers success: the operation is
   * committed, and the reconciler starts it from its stored input once Temporal is back.
   */
  private boolean start(String operationId, Runnable start) {
    // The SDK retries an unreachable frontend for a long time; the request must not wait for it.
    Future<?> started;
    try {
      started = starts.submit(start);
    } catch (RejectedExecutionException e) {
      leftToReconciler(operationId, e);
      return false;
    }
    try {
      started.get(START_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof WorkflowExecutionAlreadyStarted)) {
        leftToReconciler(operationId, e.getCause());
        return false;
      }
      // started before (a retried request); nothing to do
    } catch (TimeoutException e) {
      // Still trying in the background; whichever of it and the reconciler wins, the workflow id
      // makes the other a no-op.
      leftToReconciler(operationId, e);
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    jdbi.useExtension(
        OperationDao.class, dao -> dao.markWorkflowStarted(operationId, clock.instant()));
    return true;
  }

  private static ThreadPoolExecutor boundedStartPool() {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            16,
            16,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(64),
            runnable -> {
              Thread thread = new Thread(runnable, "workflow-start");
              thread.setDaemon(true);
              return thread;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private static void leftToReconciler(String operationId, Throwable why) {
    LOG.warn(
        "{}: workflow not started yet ({}: {}); the reconciler will start it",
        operationId,
        why.getClass().getSimpleName(),
        why.getMessage());
  }

  private static WorkflowOptions options(String workflowId, UUID instanceId, String projectId) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId)
        .setTypedSearchAttributes(TroveSearchAttributes.of(workflowId, instanceId, projectId))
        .setTaskQueue(TaskQueues.INSTANCES)
        .setWorkflowIdReusePolicy(
            WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY)
        .build();
  }
}
