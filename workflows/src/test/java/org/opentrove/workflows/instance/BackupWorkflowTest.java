package org.opentrove.workflows.instance;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;
import org.opentrove.contract.BackupUpdate;
import org.opentrove.temporal.WorkflowIds;
import org.opentrove.temporal.api.BackupWorkflow;
import org.opentrove.temporal.api.CreateBackupRequest;

/** The backup workflow with mocked activities, in Temporal's time-skipping environment. */
class BackupWorkflowTest {
  private static final UUID BACKUP = UUID.fromString("00000000-0000-0000-0000-0000000000b1");
  private static final UUID INSTANCE = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
  private static final String OP = WorkflowIds.backupCreate(BACKUP);
  private static final CreateBackupRequest REQUEST =
      new CreateBackupRequest(OP, BACKUP, INSTANCE, "p1", "req-1", BACKUP + "/", null);

  private final WorkflowTestBed bed = new WorkflowTestBed();

  @AfterEach
  void tearDown() {
    bed.close();
  }

  private BackupUpdate report(String state, String message) {
    return new BackupUpdate(
        INSTANCE.toString(), BACKUP.toString(), state, 42, "c0ffee", Map.of("k", "v"), message);
  }

  @Test
  void completesWhenTheGuestReportsTheBackupCompleted() {
    when(bed.backups.startBackup(BACKUP, INSTANCE)).thenReturn(true);
    when(bed.compute.serverIsRunning(INSTANCE.toString())).thenReturn(true);
    BackupWorkflow workflow = bed.stub(BackupWorkflow.class, OP);
    WorkflowClient.start(workflow::backup, REQUEST);
    workflow.reported(report(BackupUpdate.SAVING, null));
    workflow.reported(report(BackupUpdate.COMPLETED, null));

    WorkflowStub.fromTyped(workflow).getResult(Void.class);

    verify(bed.guest).createBackup(eq(INSTANCE.toString()), any(), any());
    verify(bed.backups).completeBackup(eq(BACKUP), eq(INSTANCE), eq(OP), any());
    verify(bed.objects, never()).deleteBackupObjects(any());
  }

  @Test
  void aLostSignalIsMadeUpForByTheRecordTheConductorApplied() {
    when(bed.backups.startBackup(BACKUP, INSTANCE)).thenReturn(true);
    when(bed.compute.serverIsRunning(INSTANCE.toString())).thenReturn(true);
    when(bed.backups.outcome(BACKUP)).thenReturn(null, report(BackupUpdate.COMPLETED, null));
    BackupWorkflow workflow = bed.stub(BackupWorkflow.class, OP);
    WorkflowClient.start(workflow::backup, REQUEST);

    WorkflowStub.fromTyped(workflow).getResult(Void.class);

    verify(bed.backups).completeBackup(eq(BACKUP), eq(INSTANCE), eq(OP), any());
  }

  @Test
  void aDeadGuestFailsTheBackupRemovesItsObjectsAndIsRestarted() {
    when(bed.backups.startBackup(BACKUP, INSTANCE)).thenReturn(true);
    when(bed.compute.serverIsRunning(INSTANCE.toString())).thenReturn(false);
    BackupWorkflow workflow = bed.stub(BackupWorkflow.class, OP);
    WorkflowClient.start(workflow::backup, REQUEST);

    assertThatThrownBy(() -> WorkflowStub.fromTyped(workflow).getResult(Void.class))
        .isInstanceOf(WorkflowFailedException.class);

    InOrder order = inOrder(bed.compute, bed.objects, bed.backups);
    order.verify(bed.compute).restartServer(INSTANCE.toString());
    order.verify(bed.objects).deleteBackupObjects(BACKUP + "/");
    order
        .verify(bed.backups)
        .failBackup(
            eq(BACKUP),
            eq(INSTANCE),
            eq(OP),
            eq("wait-for-backup"),
            contains("guest stopped"),
            eq(true));
  }

  @Test
  void aBusyInstanceFailsTheBackupWithoutTouchingTheGuestOrTheStore() {
    when(bed.backups.startBackup(BACKUP, INSTANCE)).thenReturn(false);
    BackupWorkflow workflow = bed.stub(BackupWorkflow.class, OP);
    WorkflowClient.start(workflow::backup, REQUEST);

    assertThatThrownBy(() -> WorkflowStub.fromTyped(workflow).getResult(Void.class))
        .isInstanceOf(WorkflowFailedException.class);
    verify(bed.guest, never()).createBackup(any(), any(), any());
    verify(bed.objects, never()).deleteBackupObjects(any());
    verify(bed.backups)
        .failBackup(
            eq(BACKUP), eq(INSTANCE), eq(OP), eq("start-backup"), contains("busy"), eq(false));
  }

  @Test
  void aGuestReportingFailureLeavesNoObjectAndTheFailureReason() {
    when(bed.backups.startBackup(BACKUP, INSTANCE)).thenReturn(true);
    when(bed.compute.serverIsRunning(INSTANCE.toString())).thenReturn(true);
    BackupWorkflow workflow = bed.stub(BackupWorkflow.class, OP);
    WorkflowClient.start(workflow::backup, REQUEST);
    bed.env.sleep(Duration.ofSeconds(3));
    workflow.reported(report(BackupUpdate.FAILED, "backup failed: disk full"));

    assertThatThrownBy(() -> WorkflowStub.fromTyped(workflow).getResult(Void.class))
        .isInstanceOf(WorkflowFailedException.class);
    verify(bed.objects).deleteBackupObjects(BACKUP + "/");
    verify(bed.backups)
        .failBackup(
            eq(BACKUP),
            eq(INSTANCE),
            eq(OP),
            eq("wait-for-backup"),
            contains("disk full"),
            eq(true));
  }

  @Test
  void anObjectStoreThatRefusesTheCleanupStillFailsTheBackupAndHandsTheInstanceBack() {
    when(bed.backups.startBackup(BACKUP, INSTANCE)).thenReturn(true);
    when(bed.compute.serverIsRunning(INSTANCE.toString())).thenReturn(true);
    org.mockito.Mockito.doThrow(new IllegalStateException("swift: 503"))
        .when(bed.objects)
        .deleteBackupObjects(BACKUP + "/");
    BackupWorkflow workflow = bed.stub(BackupWorkflow.class, OP);
    WorkflowClient.start(workflow::backup, REQUEST);
    bed.env.sleep(Duration.ofSeconds(3));
    workflow.reported(report(BackupUpdate.FAILED, "backup failed: disk full"));

    assertThatThrownBy(() -> WorkflowStub.fromTyped(workflow).getResult(Void.class))
        .isInstanceOf(WorkflowFailedException.class);
    verify(bed.backups)
        .failBackup(
            eq(BACKUP),
            eq(INSTANCE),
            eq(OP),
            eq("wait-for-backup"),
            org.mockito.AdditionalMatchers.and(
                contains("disk full"), contains("delete-backup-objects: swift: 503")),
            eq(true));
  }
}
