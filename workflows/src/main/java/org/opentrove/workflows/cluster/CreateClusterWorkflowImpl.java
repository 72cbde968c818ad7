package org.opentrove.workflows.cluster;

import io.temporal.failure.TemporalFailure;
import java.util.List;
import java.util.UUID;
import org.opentrove.model.OperationSteps;
import org.opentrove.temporal.api.CreateClusterRequest;
import org.opentrove.temporal.api.CreateClusterWorkflow;
import org.opentrove.temporal.api.CreateInstanceRequest;

/**
 * {@code bootstrap-cluster}: the first member is created and starts the cluster alone; {@code
 * join-members}: the others are created one by one, each joining those before it; {@code
 * update-member-settings}: every member may reach and lists every other; {@code record-cluster}. A
 * member whose create fails removes itself (its own saga); the cluster keeps the members made.
 */
public class CreateClusterWorkflowImpl implements CreateClusterWorkflow {
  private final MemberOperations members = new MemberOperations();

  @Override
  public void create(CreateClusterRequest request) {
    ClusterOperation operation =
        new ClusterOperation(
            request.operationId(), request.clusterId(), request.projectId(), request.requestId());
    try {
      List<CreateInstanceRequest> all = request.members();
      operation.enter(OperationSteps.BOOTSTRAP_CLUSTER);
      List<UUID> running = members.join(request.clusterId(), List.of(), all.subList(0, 1));

      operation.enter(OperationSteps.JOIN_MEMBERS);
      running = members.join(request.clusterId(), running, all.subList(1, all.size()));

      operation.enter(OperationSteps.UPDATE_MEMBER_SETTINGS);
      members.introduce(running, operation.context());

      operation.enter(OperationSteps.RECORD_CLUSTER);
      operation.succeed();
    } catch (TemporalFailure failure) {
      throw operation.fail(failure, members);
    }
  }
}
