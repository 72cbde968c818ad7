package org.opentrove.conductor;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.util.UUID;
import org.opentrove.contract.BackupUpdate;
import org.opentrove.temporal.WorkflowIds;
import org.opentrove.temporal.api.BackupWorkflow;
import org.opentrove.temporal.api.CreateInstanceWorkflow;
import org.opentrove.temporal.api.GuestStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells a waiting create workflow what its guest reported. */
final class WorkflowSignaller {
  private static final Logger LOG = LoggerFactory.getLogger(WorkflowSignaller.class);

  private final WorkflowClient client;

  WorkflowSignaller(WorkflowClient client) {
    this.client = client;
  }

  /** After the commit: each create waiting for its guest, each backup that finished. */
  void signal(ReportApplier.Outcome outcome) {
    for (HeartbeatBatchHandler.Applied beat : outcome.building()) {
      guestStatus(
          beat.instanceId(),
          new GuestStatus(beat.heartbeat().serviceStatus(), beat.heartbeat().message()));
    }
    outcome.finishedBackups().forEach(this::backupFinished);
  }

  void backupFinished(BackupUpdate update) {
    try {
      client
          .newWorkflowStub(
              BackupWorkflow.class, WorkflowIds.backupCreate(UUID.fromString(update.backupId())))
          .reported(update);
    } catch (WorkflowNotFoundException e) {
      LOG.debug("no running backup {}", update.backupId());
    } catch (RuntimeException e) {
      // The backup workflow also reads the record applied here.
      LOG.warn("cannot signal backup {}: {}", update.backupId(), e.toString());
    }
  }

  void guestStatus(UUID instanceId, GuestStatus status) {
    try {
      client
          .newWorkflowStub(CreateInstanceWorkflow.class, WorkflowIds.instanceCreate(instanceId))
          .guestStatus(status);
    } catch (WorkflowNotFoundException e) {
      LOG.debug("no running create for {}", instanceId);
    } catch (RuntimeException e) {
      // The next heartbeat signals again; the workflow also falls back to the stored status.
      LOG.warn("cannot signal the create of {}: {}", instanceId, e.toString());
    }
  }
}
