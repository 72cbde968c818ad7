package org.opentrove.workflows.cluster;

import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import org.opentrove.model.OperationSteps;
import org.opentrove.temporal.activities.store.InstanceStoreActivities;
import org.opentrove.temporal.api.RestartClusterRequest;
import org.opentrove.temporal.api.RestartClusterWorkflow;
import org.opentrove.temporal.api.RestartInstanceRequest;

/**
 * {@code restart-members}: one member after the other, each by its own restart (a child workflow
 * that hands the member back once a heartbeat after its restart says healthy), so the cluster keeps
 * its quorum throughout; {@code record-cluster}. When a member's restart fails, the members after
 * it are not restarted: their restarts are recorded failed and they are handed back.
 */
public class RestartClusterWorkflowImpl implements RestartClusterWorkflow {
  private final MemberOperations members = new MemberOperations();
  private final InstanceStoreActivities store =
      Workflow.newLocalActivityStub(InstanceStoreActivities.class);

  @Override
  public void restart(RestartClusterRequest request) {
    ClusterOperation operation =
        new ClusterOperation(
            request.operationId(), request.clusterId(), request.projectId(), request.requestId());
    List<RestartInstanceRequest> waiting = new ArrayList<>(request.members());
    RestartInstanceRequest restarting = null;
    try {
      operation.enter(OperationSteps.RESTART_MEMBERS);
      for (RestartInstanceRequest member : request.members()) {
        restarting = member;
        members.restart(member);
        waiting.remove(member);
      }
      restarting = null;
      operation.enter(OperationSteps.RECORD_CLUSTER);
      operation.succeed();
    } catch (TemporalFailure failure) {
      waiting.remove(restarting); // a member whose restart failed recorded its own failure
      for (RestartInstanceRequest member : waiting) {
        store.failOperation(
            member.instanceId(),
            member.operationId(),
            OperationSteps.RESTART_DATASTORE,
            "not restarted: an earlier member's restart failed");
      }
      throw operation.fail(failure, members);
    }
  }
}
