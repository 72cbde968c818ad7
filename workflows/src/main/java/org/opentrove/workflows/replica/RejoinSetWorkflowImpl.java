package org.opentrove.workflows.replica;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.util.List;
import org.opentrove.contract.BackupPiece;
import org.opentrove.contract.RejoinArgs;
import org.opentrove.contract.ReplicaLogin;
import org.opentrove.contract.ReplicationSource;
import org.opentrove.contract.RequestContext;
import org.opentrove.model.OperationSteps;
import org.opentrove.temporal.activities.compute.ComputeActivities;
import org.opentrove.temporal.activities.compute.ReplicationEndpoint;
import org.opentrove.temporal.activities.guest.GuestActivities;
import org.opentrove.temporal.activities.store.InstanceStoreActivities;
import org.opentrove.temporal.api.RejoinSetRequest;
import org.opentrove.temporal.api.RejoinSetWorkflow;
import org.opentrove.workflows.Failures;
import org.opentrove.workflows.StepLog;
import org.opentrove.workflows.instance.SourceSnapshot;

/**
 * A fenced former source back in its set, only ever as a replica: its server starts with the
 * datastore held (so it takes no write as the source it was), it gets its path, account and slot on
 * the set's source (and a backup of it, for an engine that restores one), its data is replaced by a
 * copy of the source's (what it wrote after its replicas last heard from it is discarded), and it
 * follows the source read-only. A failure fences it again. Every step can run again.
 */
public class RejoinSetWorkflowImpl implements RejoinSetWorkflow {
  private final GuestActivities guest = Workflow.newActivityStub(GuestActivities.class);
  private final ComputeActivities compute = Workflow.newActivityStub(ComputeActivities.class);
  private final InstanceStoreActivities store =
      Workflow.newLocalActivityStub(InstanceStoreActivities.class);
  private final SourceSnapshot snapshots = new SourceSnapshot();

  @Override
  public void rejoin(RejoinSetRequest request) {
    String id = request.instanceId().toString();
    String sourceId = request.sourceId().toString();
    StepLog steps = new StepLog(store, request.operationId());
    try {
      steps.enter(OperationSteps.UNFENCE_SERVER);
      compute.startHeldServer(id);

      steps.enter(OperationSteps.LINK_TO_SOURCE);
      ReplicationEndpoint endpoint = compute.openReplicationLink(id, sourceId);
      ReplicaLogin login =
          guest.addReplica(sourceId, context(request, OperationSteps.LINK_TO_SOURCE), id);

      List<BackupPiece> snapshot = List.of();
      if (request.sourceSnapshot() != null) {
        steps.enter(OperationSteps.SNAPSHOT_SOURCE);
        snapshot =
            List.of(
                snapshots.take(
                    sourceId,
                    request.sourceSnapshot(),
                    context(request, OperationSteps.SNAPSHOT_SOURCE)));
      }

      steps.enter(OperationSteps.COPY_SOURCE);
      guest.rejoinSource(
          id,
          context(request, OperationSteps.COPY_SOURCE),
          new RejoinArgs(
              new ReplicationSource(sourceId, endpoint.host(), endpoint.port(), login),
              request.memoryMb(),
              snapshot));
      compute.releaseHold(id);

      if (request.sourceSnapshot() != null) {
        steps.enter(OperationSteps.REMOVE_SOURCE_SNAPSHOT);
        snapshots.removeLeavingNote(request.sourceSnapshot());
      }

      steps.enter(OperationSteps.RECORD_REPLICA_SET);
      store.recordRejoined(request.instanceId(), request.sourceId());
      store.finishReplicaSetOperation(
          request.operationId(), request.instanceId(), List.of(request.instanceId()), null, null);
    } catch (TemporalFailure failure) {
      String step = steps.current();
      Failures.recordOutcome(
          () -> {
            // Back to where it was: fenced, SHUTOFF, a fault saying why; a restart tries again.
            String fault = Failures.causeOf(failure);
            try {
              compute.fenceServer(id);
            } catch (ActivityFailure fenceFailed) {
              fault += "; fencing it again failed: " + Failures.causeOf(fenceFailed);
            }
            try {
              // Its account, slot and path on the source, which would keep WAL for nobody.
              guest.removeReplica(
                  sourceId, context(request, OperationSteps.UNLINK_FROM_SOURCE), id);
              compute.closeReplicationLink(id);
            } catch (ActivityFailure unlinkFailed) {
              fault += "; unlinking it from the source failed: " + Failures.causeOf(unlinkFailed);
            }
            if (request.sourceSnapshot() != null) {
              try {
                snapshots.remove(request.sourceSnapshot());
              } catch (ActivityFailure removeFailed) {
                fault += "; removing the snapshot failed: " + Failures.causeOf(removeFailed);
              }
            }
            store.finishReplicaSetOperation(
                request.operationId(),
                request.instanceId(),
                List.of(request.instanceId()),
                step,
                fault);
          });
      throw failure;
    }
  }

  private static RequestContext context(RejoinSetRequest request, String step) {
    return new RequestContext(
        request.requestId(), request.projectId(), request.operationId(), step);
  }
}
