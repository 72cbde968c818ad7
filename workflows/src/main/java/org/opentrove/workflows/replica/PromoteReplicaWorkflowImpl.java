package org.opentrove.workflows.replica;

import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.opentrove.contract.RequestContext;
import org.opentrove.model.OperationSteps;
import org.opentrove.temporal.activities.compute.ComputeActivities;
import org.opentrove.temporal.activities.guest.GuestActivities;
import org.opentrove.temporal.activities.store.InstanceStoreActivities;
import org.opentrove.temporal.api.PromoteReplicaRequest;
import org.opentrove.temporal.api.PromoteReplicaWorkflow;
import org.opentrove.workflows.Failures;
import org.opentrove.workflows.StepLog;

/**
 * A planned switchover. The source stops cleanly first, so nothing can be written to it any more
 * and its replicas receive every record it wrote, its shutdown record last; the replica replays
 * past that record before it takes writes, so no acknowledged write is lost. The other replicas
 * then follow it (each with its account and a new slot on it), the old source starts as its replica
 * (its clean stop makes it a prefix of the new source's history: no rewind), and the set is
 * recorded. Every step can run again after a worker is killed: a stopped source stops no further, a
 * promoted replica promotes no further, following the same source again changes nothing.
 */
public class PromoteReplicaWorkflowImpl implements PromoteReplicaWorkflow {
  private final GuestActivities guest = Workflow.newActivityStub(GuestActivities.class);
  private final ComputeActivities compute = Workflow.newActivityStub(ComputeActivities.class);
  private final InstanceStoreActivities store =
      Workflow.newLocalActivityStub(InstanceStoreActivities.class);
  private final SetMembers members = new SetMembers(compute, guest);

  @Override
  public void promote(PromoteReplicaRequest request) {
    String candidate = request.instanceId().toString();
    String oldSource = request.sourceId().toString();
    StepLog steps = new StepLog(store, request.operationId());
    try {
      steps.enter(OperationSteps.STOP_SOURCE);
      String last = guest.stopAsSource(oldSource, context(request, OperationSteps.STOP_SOURCE));

      steps.enter(OperationSteps.PROMOTE_REPLICA);
      guest.promoteReplica(candidate, context(request, OperationSteps.PROMOTE_REPLICA), last);
      compute.closeReplicationLink(candidate);

      steps.enter(OperationSteps.REPOINT_REPLICAS);
      for (UUID replica : request.otherReplicas()) {
        follow(request, replica.toString(), OperationSteps.REPOINT_REPLICAS);
      }

      steps.enter(OperationSteps.REJOIN_OLD_SOURCE);
      follow(request, oldSource, OperationSteps.REJOIN_OLD_SOURCE);

      if (request.synchronous()) {
        // Only now: with no replica following it, every commit would wait.
        guest.setSynchronous(candidate, context(request, OperationSteps.REJOIN_OLD_SOURCE), true);
      }

      steps.enter(OperationSteps.RECORD_REPLICA_SET);
      List<UUID> followers = new ArrayList<>(request.otherReplicas());
      followers.add(request.sourceId());
      store.recordReplicaSet(request.instanceId(), followers, request.sourceId());
      store.finishReplicaSetOperation(
          request.operationId(), request.instanceId(), request.members(), null, null);
    } catch (TemporalFailure failure) {
      String step = steps.current();
      Failures.recordOutcome(
          () ->
              store.finishReplicaSetOperation(
                  request.operationId(),
                  request.instanceId(),
                  request.members(),
                  step,
                  Failures.causeOf(failure)));
      throw failure;
    }
  }

  private void follow(PromoteReplicaRequest request, String member, String step) {
    members.follow(member, request.instanceId().toString(), context(request, step + "/" + member));
  }

  private static RequestContext context(PromoteReplicaRequest request, String step) {
    return new RequestContext(
        request.requestId(), request.projectId(), request.operationId(), step);
  }
}
