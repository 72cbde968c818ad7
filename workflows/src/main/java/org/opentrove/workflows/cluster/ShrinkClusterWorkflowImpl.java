package org.opentrove.workflows.cluster;

import io.temporal.failure.TemporalFailure;
import org.opentrove.model.OperationSteps;
import org.opentrove.temporal.api.ShrinkClusterRequest;
import org.opentrove.temporal.api.ShrinkClusterWorkflow;

/**
 * {@code remove-members}: each leaving member is deleted (its datastore stops first, so it leaves
 * the cluster cleanly); {@code update-member-settings}: the others are cut off from it and forget
 * it; {@code record-cluster}.
 */
public class ShrinkClusterWorkflowImpl implements ShrinkClusterWorkflow {
  private final MemberOperations members = new MemberOperations();

  @Override
  public void shrink(ShrinkClusterRequest request) {
    ClusterOperation operation =
        new ClusterOperation(
            request.operationId(), request.clusterId(), request.projectId(), request.requestId());
    try {
      operation.enter(OperationSteps.REMOVE_MEMBERS);
      members.delete(request.leaving());

      operation.enter(OperationSteps.UPDATE_MEMBER_SETTINGS);
      members.introduce(request.remaining(), operation.context());

      operation.enter(OperationSteps.RECORD_CLUSTER);
      operation.succeed();
    } catch (TemporalFailure failure) {
      throw operation.fail(failure, members);
    }
  }
}
