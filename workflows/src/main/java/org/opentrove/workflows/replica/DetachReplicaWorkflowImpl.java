package org.opentrove.workflows.replica;

import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import org.opentrove.contract.RequestContext;
import org.opentrove.model.OperationSteps;
import org.opentrove.temporal.activities.compute.ComputeActivities;
import org.opentrove.temporal.activities.guest.GuestActivities;
import org.opentrove.temporal.activities.store.InstanceStoreActivities;
import org.opentrove.temporal.api.DetachReplicaRequest;
import org.opentrove.temporal.api.DetachReplicaWorkflow;
import org.opentrove.workflows.Failures;
import org.opentrove.workflows.StepLog;

/**
 * Detach (Trove's {@code detach_replica}): the replica is promoted first, so it takes writes
 * whatever happens to its source; once it is recorded standalone, its account and slot on the
 * source and its network path there are removed. Every step can run again: a promoted replica
 * promotes no further, and removing what is gone is not an error.
 */
public class DetachReplicaWorkflowImpl implements DetachReplicaWorkflow {
  private final GuestActivities guest = Workflow.newActivityStub(GuestActivities.class);
  private final ComputeActivities compute = Workflow.newActivityStub(ComputeActivities.class);
  private final InstanceStoreActivities store =
      Workflow.newLocalActivityStub(InstanceStoreActivities.class);

  @Override
  public void detach(DetachReplicaRequest request) {
    String id = request.instanceId().toString();
    StepLog steps = new StepLog(store, request.operationId());
    try {
      steps.enter(OperationSteps.PROMOTE_REPLICA);
      guest.detachReplica(id, context(request, OperationSteps.PROMOTE_REPLICA));
      steps.enter(OperationSteps.RECORD_DETACHED);
      store.recordDetached(request.instanceId());
      steps.enter(OperationSteps.UNLINK_FROM_SOURCE);
      guest.removeReplica(
          request.sourceId().toString(), context(request, OperationSteps.UNLINK_FROM_SOURCE), id);
      compute.closeReplicationLink(id);
      store.completeOperation(request.instanceId(), request.operationId());
    } catch (TemporalFailure failure) {
      Failures.recordFailedOperation(
          store, request.instanceId(), request.operationId(), steps, failure);
      throw failure;
    }
  }

  private static RequestContext context(DetachReplicaRequest request, String step) {
    return new RequestContext(
        request.requestId(), request.projectId(), request.operationId(), step);
  }
}
