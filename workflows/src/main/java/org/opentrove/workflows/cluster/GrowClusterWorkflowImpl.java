package org.opentrove.workflows.cluster;

import io.temporal.failure.TemporalFailure;
import java.util.List;
import java.util.UUID;
import org.opentrove.model.OperationSteps;
import org.opentrove.temporal.api.GrowClusterRequest;
import org.opentrove.temporal.api.GrowClusterWorkflow;

/**
 * {@code add-members}: each new member is created and joins the running members (it receives the
 * data by state transfer); {@code update-member-settings}; {@code record-cluster}.
 */
public class GrowClusterWorkflowImpl implements GrowClusterWorkflow {
  private final MemberOperations members = new MemberOperations();

  @Override
  public void grow(GrowClusterRequest request) {
    ClusterOperation operation =
        new ClusterOperation(
            request.operationId(), request.clusterId(), request.projectId(), request.requestId());
    try {
      operation.enter(OperationSteps.ADD_MEMBERS);
      List<UUID> all = members.join(request.clusterId(), request.existing(), request.joining());

      operation.enter(OperationSteps.UPDATE_MEMBER_SETTINGS);
      members.introduce(all, operation.context());

      operation.enter(OperationSteps.RECORD_CLUSTER);
      operation.succeed();
    } catch (TemporalFailure failure) {
      throw operation.fail(failure, members);
    }
  }
}
