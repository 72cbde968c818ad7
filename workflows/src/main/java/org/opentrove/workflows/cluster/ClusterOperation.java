package org.opentrove.workflows.cluster;

import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.util.UUID;
import org.opentrove.contract.RequestContext;
import org.opentrove.temporal.activities.store.ClusterStoreActivities;
import org.opentrove.temporal.activities.store.InstanceStoreActivities;
import org.opentrove.workflows.Failures;

/**
 * One cluster operation's bookkeeping: the step it is in, and its end (the cluster's task handed
 * back, the operation recorded done or failed at its step).
 */
final class ClusterOperation {
  private final InstanceStoreActivities steps =
      Workflow.newLocalActivityStub(InstanceStoreActivities.class);
  private final ClusterStoreActivities clusters =
      Workflow.newLocalActivityStub(ClusterStoreActivities.class);

  private final String operationId;
  private final UUID clusterId;
  private final String projectId;
  private final String requestId;
  private String step;

  ClusterOperation(String operationId, UUID clusterId, String projectId, String requestId) {
    this.operationId = operationId;
    this.clusterId = clusterId;
    this.projectId = projectId;
    this.requestId = requestId;
  }

  void enter(String next) {
    step = next;
    steps.recordStep(operationId, next);
  }

  RequestContext context() {
    return new RequestContext(requestId, projectId, operationId, step);
  }

  void succeed() {
    clusters.finishClusterOperation(clusterId, operationId, step, null);
  }

  void recordDeleted() {
    clusters.recordClusterDeleted(clusterId, operationId);
  }

  /**
   * Records the failure at the current step (always, whatever fails meanwhile), members whose
   * create never started failed with it, then rethrows.
   */
  RuntimeException fail(TemporalFailure failure, MemberOperations members) {
    String failedStep = step;
    String fault =
        "cluster operation failed at step '" + failedStep + "': " + Failures.causeOf(failure);
    Failures.recordOutcome(
        () -> {
          members.abandonNotStarted(failedStep, fault);
          clusters.finishClusterOperation(clusterId, operationId, failedStep, fault);
        });
    return failure;
  }
}
