package org.opentrove.workflows.cluster;

import io.temporal.failure.TemporalFailure;
import org.opentrove.model.OperationSteps;
import org.opentrove.temporal.api.DeleteClusterRequest;
import org.opentrove.temporal.api.DeleteClusterWorkflow;

/** {@code delete-members}: every member deleted at once; {@code record-cluster}: it is gone. */
public class DeleteClusterWorkflowImpl implements DeleteClusterWorkflow {
  private final MemberOperations members = new MemberOperations();

  @Override
  public void delete(DeleteClusterRequest request) {
    ClusterOperation operation =
        new ClusterOperation(
            request.operationId(), request.clusterId(), request.projectId(), request.requestId());
    try {
      operation.enter(OperationSteps.DELETE_MEMBERS);
      members.delete(request.members());

      operation.enter(OperationSteps.RECORD_CLUSTER);
      operation.recordDeleted();
    } catch (TemporalFailure failure) {
      throw operation.fail(failure, members);
    }
  }
}
