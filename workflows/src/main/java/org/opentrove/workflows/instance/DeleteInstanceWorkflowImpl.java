package org.opentrove.workflows.instance;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import org.opentrove.contract.RequestContext;
import org.opentrove.model.OperationSteps;
import org.opentrove.temporal.activities.compute.ComputeActivities;
import org.opentrove.temporal.activities.guest.GuestActivities;
import org.opentrove.temporal.activities.store.InstanceStoreActivities;
import org.opentrove.temporal.activities.volume.VolumeActivities;
import org.opentrove.temporal.api.DeleteInstanceRequest;
import org.opentrove.temporal.api.DeleteInstanceWorkflow;
import org.opentrove.workflows.Failures;
import org.opentrove.workflows.StepLog;
import org.slf4j.Logger;

/**
 * Deletes an instance: a clean datastore stop when the guest answers, then server, volume and
 * queue. Every step is idempotent, so a retried or resumed delete simply finishes.
 */
public class DeleteInstanceWorkflowImpl implements DeleteInstanceWorkflow {
  static final String STEP_STOP = OperationSteps.STOP_DATASTORE;
  static final String STEP_SERVER = OperationSteps.DELETE_SERVER;
  static final String STEP_VOLUME = OperationSteps.DELETE_VOLUME;
  static final String STEP_QUEUE = OperationSteps.DELETE_GUEST_QUEUE;

  private static final Logger LOG = Workflow.getLogger(DeleteInstanceWorkflowImpl.class);

  private final ComputeActivities compute = Workflow.newActivityStub(ComputeActivities.class);
  private final VolumeActivities volumes = Workflow.newActivityStub(VolumeActivities.class);
  private final GuestActivities guest = Workflow.newActivityStub(GuestActivities.class);
  private final InstanceStoreActivities store =
      Workflow.newLocalActivityStub(InstanceStoreActivities.class);

  /**
   * A replica's account and slot on its source go with it, or the source keeps WAL for it (up to
   * its {@code max_slot_wal_keep_size}). A source that does not answer must not block the delete.
   */
  private void unlinkFromSource(DeleteInstanceRequest request) {
    String id = request.instanceId().toString();
    try {
      guest.removeReplica(
          request.replicaOf().toString(),
          new RequestContext(
              request.requestId(),
              request.projectId(),
              request.operationId(),
              OperationSteps.UNLINK_FROM_SOURCE),
          id);
    } catch (ActivityFailure e) {
      LOG.warn(
          "the source {} of {} kept its slot: {}", request.replicaOf(), id, Failures.causeOf(e));
    }
    compute.closeReplicationLink(id);
  }

  @Override
  public void delete(DeleteInstanceRequest request) {
    String id = request.instanceId().toString();
    StepLog steps = new StepLog(store, request.operationId());
    try {
      steps.enter(STEP_STOP);
      try {
        guest.stopDatastore(
            id,
            new RequestContext(
                request.requestId(), request.projectId(), request.operationId(), STEP_STOP));
      } catch (ActivityFailure e) {
        // A guest that is gone or broken must not block deletion; the server delete stops it.
        LOG.warn("guest of {} did not stop cleanly: {}", id, Failures.causeOf(e));
      }
      if (request.replicaOf() != null) {
        steps.enter(OperationSteps.UNLINK_FROM_SOURCE);
        unlinkFromSource(request);
      }
      steps.enter(STEP_SERVER);
      compute.deleteServer(id);
      steps.enter(STEP_VOLUME);
      volumes.deleteVolume(id);
      steps.enter(STEP_QUEUE);
      guest.deleteQueue(id);
      store.completeDelete(request.instanceId(), request.operationId());
    } catch (TemporalFailure failure) {
      Failures.recordOutcome(
          () ->
              store.failDelete(
                  request.instanceId(),
                  request.operationId(),
                  steps.current(),
                  Failures.causeOf(failure)));
      throw failure;
    }
  }
}
