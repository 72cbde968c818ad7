package org.opentrove.workflows.replica;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.opentrove.contract.RequestContext;
import org.opentrove.model.OperationSteps;
import org.opentrove.temporal.NonRetryable;
import org.opentrove.temporal.activities.compute.ComputeActivities;
import org.opentrove.temporal.activities.guest.GuestActivities;
import org.opentrove.temporal.activities.store.InstanceStoreActivities;
import org.opentrove.temporal.api.EjectSourceRequest;
import org.opentrove.temporal.api.EjectSourceWorkflow;
import org.opentrove.workflows.Failures;
import org.opentrove.workflows.StepLog;
import org.slf4j.Logger;

/**
 * A failover. The old source is fenced first (its server stopped and marked so nothing starts it),
 * so it cannot take a write once a replica takes writes: no split brain. The replica that received
 * most is promoted (after replaying all it received), the others follow it, and the choice is
 * recorded on the {@code choose-replica} step: each replica's received position and how far each
 * lagged behind the chosen one. The fenced source stays SHUTOFF, out of the set, until it rejoins.
 */
public class EjectSourceWorkflowImpl implements EjectSourceWorkflow {
  private static final String FENCE_NOTES_SET_SOURCE = "fence-notes-set-source";
  private static final Logger LOG = Workflow.getLogger(EjectSourceWorkflowImpl.class);

  private final GuestActivities guest = Workflow.newActivityStub(GuestActivities.class);
  private final ComputeActivities compute = Workflow.newActivityStub(ComputeActivities.class);
  private final InstanceStoreActivities store =
      Workflow.newLocalActivityStub(InstanceStoreActivities.class);
  private final SetMembers members = new SetMembers(compute, guest);

  @Override
  public void eject(EjectSourceRequest request) {
    StepLog steps = new StepLog(store, request.operationId());
    try {
      steps.enter(OperationSteps.FENCE_SOURCE);
      compute.fenceServer(request.instanceId().toString());

      steps.enter(OperationSteps.CHOOSE_REPLICA);
      Map<UUID, String> received = receivedPositions(request);
      UUID chosen = mostAdvanced(received);
      store.recordStepDetail(
          request.operationId(), OperationSteps.CHOOSE_REPLICA, describe(chosen, received));

      steps.enter(OperationSteps.PROMOTE_REPLICA);
      guest.promoteReplica(
          chosen.toString(), context(request, OperationSteps.PROMOTE_REPLICA), null);
      compute.closeReplicationLink(chosen.toString());

      steps.enter(OperationSteps.REPOINT_REPLICAS);
      List<UUID> followers = new ArrayList<>();
      for (UUID replica : request.replicas()) {
        if (!replica.equals(chosen)) {
          members.follow(
              replica.toString(),
              chosen.toString(),
              context(request, OperationSteps.REPOINT_REPLICAS + "/" + replica));
          followers.add(replica);
        }
      }

      if (request.synchronous() && !followers.isEmpty()) {
        // Only now: with no replica following it, every commit would wait.
        guest.setSynchronous(
            chosen.toString(), context(request, OperationSteps.REPOINT_REPLICAS), true);
      }

      steps.enter(OperationSteps.RECORD_REPLICA_SET);
      store.recordReplicaSet(chosen, followers, request.instanceId());
      // Histories from before a fenced source could rejoin recorded the fence after handing the
      // set back, and no set source for it: a restart right after the eject must find the fence.
      if (Workflow.getVersion(FENCE_NOTES_SET_SOURCE, Workflow.DEFAULT_VERSION, 1) >= 1) {
        store.finishEject(request.operationId(), request.instanceId(), request.members(), chosen);
      } else {
        store.finishReplicaSetOperation(
            request.operationId(), request.instanceId(), request.members(), null, null);
        store.recordFenced(request.instanceId(), request.operationId());
      }
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

  /** What each replica received; one that does not answer is left out of the choice. */
  private Map<UUID, String> receivedPositions(EjectSourceRequest request) {
    Map<UUID, String> received = new LinkedHashMap<>();
    for (UUID replica : request.replicas()) {
      try {
        received.put(
            replica,
            guest.receivedPosition(
                replica.toString(),
                context(request, OperationSteps.CHOOSE_REPLICA + "/" + replica)));
      } catch (ActivityFailure e) {
        LOG.warn("replica {} did not answer: {}", replica, Failures.causeOf(e));
      }
    }
    if (received.isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "no replica answered; nothing was promoted", NonRetryable.GUEST_TIMEOUT);
    }
    return received;
  }

  private static UUID mostAdvanced(Map<UUID, String> received) {
    UUID chosen = null;
    long most = -1;
    for (Map.Entry<UUID, String> entry : received.entrySet()) {
      long at = ReplicationProgress.of(entry.getValue()).amount();
      if (at > most) {
        most = at;
        chosen = entry.getKey();
      }
    }
    return chosen;
  }

  private static String describe(UUID chosen, Map<UUID, String> received) {
    ReplicationProgress most = ReplicationProgress.of(received.get(chosen));
    StringBuilder detail =
        new StringBuilder("promoted ")
            .append(chosen)
            .append(", which had received up to ")
            .append(received.get(chosen));
    for (Map.Entry<UUID, String> entry : received.entrySet()) {
      if (!entry.getKey().equals(chosen)) {
        detail
            .append("; ")
            .append(entry.getKey())
            .append(" had received up to ")
            .append(entry.getValue())
            .append(" (")
            .append(most.amount() - ReplicationProgress.of(entry.getValue()).amount())
            .append(" ")
            .append(most.unit())
            .append(" behind)");
      }
    }
    return detail
        .append("; what the fenced source wrote after ")
        .append(received.get(chosen))
        .append(" is lost")
        .toString();
  }

  private static RequestContext context(EjectSourceRequest request, String step) {
    return new RequestContext(
        request.requestId(), request.projectId(), request.operationId(), step);
  }
}
