package org.opentrove.workflows.resize;

import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import org.opentrove.contract.RequestContext;
import org.opentrove.model.OperationSteps;
import org.opentrove.temporal.activities.guest.GuestActivities;
import org.opentrove.temporal.activities.store.InstanceStoreActivities;
import org.opentrove.temporal.activities.volume.VolumeActivities;
import org.opentrove.temporal.activities.volume.VolumeInfo;
import org.opentrove.temporal.api.ResizeVolumeRequest;
import org.opentrove.temporal.api.ResizeVolumeWorkflow;
import org.opentrove.workflows.Failures;
import org.opentrove.workflows.ScheduledTurn;
import org.opentrove.workflows.StepLog;

/**
 * Grows an instance's volume while its datastore runs (Trove stops the datastore and unmounts the
 * volume; a filesystem that grows online does not need that), has the guest grow its filesystem to
 * the bigger device (on Nova nothing else does; where the host grew it, nothing changes), then
 * records the size. The API took the task (RESIZING, shown as RESIZE); a failure hands it back with
 * a fault and the old size recorded: a volume that grew partly is grown again by a retry, never
 * shrunk.
 */
public class ResizeVolumeWorkflowImpl implements ResizeVolumeWorkflow {
  static final String GROW_FILESYSTEM_CHANGE = "guest-grows-filesystem";

  private final VolumeActivities volumes = Workflow.newActivityStub(VolumeActivities.class);
  private final GuestActivities guest = Workflow.newActivityStub(GuestActivities.class);
  private final InstanceStoreActivities store =
      Workflow.newLocalActivityStub(InstanceStoreActivities.class);

  @Override
  public void resize(ResizeVolumeRequest request) {
    if (!ScheduledTurn.await(store, request)) {
      return;
    }
    StepLog steps = new StepLog(store, request.operationId());
    try {
      steps.enter(OperationSteps.GROW_VOLUME);
      VolumeInfo grown = volumes.growVolume(request.instanceId().toString(), request.newSizeGb());
      // Recorded before this step existed, a resize replays without it.
      if (Workflow.getVersion(GROW_FILESYSTEM_CHANGE, Workflow.DEFAULT_VERSION, 1) == 1) {
        steps.enter(OperationSteps.GROW_FILESYSTEM);
        guest.growFilesystem(
            request.instanceId().toString(),
            new RequestContext(
                request.requestId(),
                request.projectId(),
                request.operationId(),
                OperationSteps.GROW_FILESYSTEM),
            grown.sizeGb());
      }
      store.recordVolumeSize(request.instanceId(), grown.sizeGb());
      store.completeOperation(request.instanceId(), request.operationId());
    } catch (TemporalFailure failure) {
      Failures.recordFailedOperation(
          store, request.instanceId(), request.operationId(), steps, failure);
      throw failure;
    }
  }
}
