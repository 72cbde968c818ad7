package org.opentrove.workflows.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.AdditionalMatchers.and;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.InOrder;
import org.opentrove.contract.DatabaseSpec;
import org.opentrove.contract.ServiceStatus;
import org.opentrove.contract.UserSpec;
import org.opentrove.temporal.WorkflowIds;
import org.opentrove.temporal.activities.compute.ServerInfo;
import org.opentrove.temporal.activities.volume.VolumeInfo;
import org.opentrove.temporal.api.CreateInstanceRequest;
import org.opentrove.temporal.api.CreateInstanceResult;
import org.opentrove.temporal.api.CreateInstanceWorkflow;
import org.opentrove.temporal.api.DeleteInstanceRequest;
import org.opentrove.temporal.api.DeleteInstanceWorkflow;
import org.opentrove.temporal.api.GuestStatus;

class CreateInstanceWorkflowTest {
  static final UUID ID = UUID.fromString("0b7c2c39-3a5e-4f64-8f55-5a3b4c1d2e01");
  static final String OP = WorkflowIds.instanceCreate(ID);

  private final WorkflowTestBed bed = new WorkflowTestBed();

  @AfterEach
  void close() {
    bed.close();
  }

  static CreateInstanceRequest request() {
    return new CreateInstanceRequest(
        OP,
        ID,
        "p1",
        "req-1",
        512,
        1,
        1,
        "postgresql",
        "15",
        List.of(new DatabaseSpec("app", null, null)),
        List.of(new UserSpec("u", "pw", null, List.of("app"))),
        List.of());
  }

  private void serverStarts() {
    when(bed.volumes.createVolume(anyString(), anyInt(), any()))
        .thenReturn(new VolumeInfo(ID.toString(), "/data/" + ID, 1));
    when(bed.compute.createServer(any()))
        .thenReturn(new ServerInfo(ID.toString(), "127.0.0.1", 15432));
    when(bed.compute.serverIsRunning(ID.toString())).thenReturn(true);
  }

  @Test
  void completesWhenTheGuestReportsHealthy() {
    serverStarts();
    CreateInstanceWorkflow workflow = bed.stub(CreateInstanceWorkflow.class, OP);
    WorkflowClient.start(workflow::create, request());
    workflow.guestStatus(new GuestStatus(ServiceStatus.BUILDING, null));
    workflow.guestStatus(new GuestStatus(ServiceStatus.HEALTHY, null));

    CreateInstanceResult result =
        WorkflowStub.fromTyped(workflow).getResult(CreateInstanceResult.class);

    assertThat(result).isEqualTo(new CreateInstanceResult("127.0.0.1", 15432));
    verify(bed.guest).prepare(eq(ID.toString()), any(), any());
    verify(bed.store).recordServer(ID, ID.toString(), "127.0.0.1", 15432);
    verify(bed.store).completeCreate(ID, OP);
    verify(bed.compute, never()).deleteServer(anyString());
  }

  @Test
  void guestPrepareFailureCompensatesEveryStepInReverseAndRecordsTheFault() {
    serverStarts();
    CreateInstanceWorkflow workflow = bed.stub(CreateInstanceWorkflow.class, OP);
    WorkflowClient.start(workflow::create, request());
    workflow.guestStatus(new GuestStatus(ServiceStatus.FAILED, "initdb: disk full"));

    assertThatThrownBy(() -> WorkflowStub.fromTyped(workflow).getResult(Void.class))
        .isInstanceOf(WorkflowFailedException.class);

    InOrder undo = inOrder(bed.compute, bed.volumes, bed.guest, bed.store);
    undo.verify(bed.compute).deleteServer(ID.toString());
    undo.verify(bed.volumes).deleteVolume(ID.toString());
    undo.verify(bed.guest).deleteQueue(ID.toString());
    undo.verify(bed.store)
        .failCompensatedCreate(eq(ID), eq(OP), eq("wait-for-guest"), contains("initdb: disk full"));
    verify(bed.store, never()).completeCreate(any(), any());
  }

  @Test
  void cancellingAWaitingCreateUndoesEverythingAndRecordsTheCancel() {
    serverStarts();
    CreateInstanceWorkflow workflow = bed.stub(CreateInstanceWorkflow.class, OP);
    WorkflowClient.start(workflow::create, request());
    bed.env.sleep(java.time.Duration.ofSeconds(5));

    WorkflowStub.fromTyped(workflow).cancel();

    assertThatThrownBy(() -> WorkflowStub.fromTyped(workflow).getResult(Void.class))
        .isInstanceOf(WorkflowFailedException.class);
    verify(bed.compute).deleteServer(ID.toString());
    verify(bed.volumes).deleteVolume(ID.toString());
    verify(bed.guest).deleteQueue(ID.toString());
    verify(bed.store).cancelCreate(ID, OP, "wait-for-guest");
    verify(bed.store, never()).failCreate(any(), any(), any(), any());
  }

  @Test
  void serverFailureUndoesOnlyWhatExists() {
    when(bed.volumes.createVolume(anyString(), anyInt(), any()))
        .thenReturn(new VolumeInfo(ID.toString(), "/data/" + ID, 1));
    when(bed.compute.createServer(any())).thenThrow(new IllegalStateException("no capacity"));
    CreateInstanceWorkflow workflow = bed.stub(CreateInstanceWorkflow.class, OP);

    assertThatThrownBy(() -> workflow.create(request()))
        .isInstanceOf(WorkflowFailedException.class);

    verify(bed.compute).deleteServer(ID.toString());
    verify(bed.volumes).deleteVolume(ID.toString());
    verify(bed.guest).deleteQueue(ID.toString());
    verify(bed.guest, never()).prepare(any(), any(), any());
    verify(bed.store)
        .failCompensatedCreate(eq(ID), eq(OP), eq("create-server"), contains("no capacity"));
  }

  @Test
  void lostSignalFallsBackToTheStoredStatus() {
    serverStarts();
    when(bed.store.serviceStatus(ID)).thenReturn("HEALTHY");
    CreateInstanceWorkflow workflow = bed.stub(CreateInstanceWorkflow.class, OP);

    CreateInstanceResult result = workflow.create(request());

    assertThat(result.port()).isEqualTo(15432);
    verify(bed.store).completeCreate(ID, OP);
  }

  @Test
  void aServerThatStopsWhileItsGuestIsAwaitedFailsTheCreateAtTheNextCheck() {
    serverStarts();
    when(bed.compute.serverIsRunning(ID.toString())).thenReturn(true, false);
    CreateInstanceWorkflow workflow = bed.stub(CreateInstanceWorkflow.class, OP);

    assertThatThrownBy(() -> workflow.create(request()))
        .isInstanceOf(WorkflowFailedException.class);

    // Failed at the second check, without waiting out the ready timeout for the stored status.
    verify(bed.compute, times(2)).serverIsRunning(ID.toString());
    verify(bed.store, never()).serviceStatus(any());
    verify(bed.compute).deleteServer(ID.toString());
    verify(bed.store)
        .failCompensatedCreate(eq(ID), eq(OP), eq("wait-for-guest"), contains("server stopped"));
  }

  @Test
  void bookkeepingThatFailsWhileTheDatabaseIsDownIsRetried() {
    serverStarts();
    org.mockito.Mockito.doThrow(new IllegalStateException("This connection has been closed."))
        .doNothing()
        .when(bed.store)
        .recordStep(OP, "create-queue-and-volume");
    CreateInstanceWorkflow workflow = bed.stub(CreateInstanceWorkflow.class, OP);
    WorkflowClient.start(workflow::create, request());
    workflow.guestStatus(new GuestStatus(ServiceStatus.HEALTHY, null));

    WorkflowStub.fromTyped(workflow).getResult(CreateInstanceResult.class);

    verify(bed.store, times(2)).recordStep(OP, "create-queue-and-volume");
    verify(bed.store).completeCreate(ID, OP);
  }

  @Test
  void silentGuestTimesOutAndIsCleanedUp() {
    serverStarts();
    when(bed.store.serviceStatus(ID)).thenReturn("BUILDING");
    CreateInstanceWorkflow workflow = bed.stub(CreateInstanceWorkflow.class, OP);

    assertThatThrownBy(() -> workflow.create(request()))
        .isInstanceOf(WorkflowFailedException.class);

    verify(bed.compute).deleteServer(ID.toString());
    verify(bed.store)
        .failCompensatedCreate(eq(ID), eq(OP), eq("wait-for-guest"), contains("did not report"));
  }

  /** Fails the create at the guest's report, with the named undo throwing every time. */
  private void createFailsWithUndoThrowing(String undo) {
    serverStarts();
    RuntimeException broken = new IllegalStateException(undo + " refused: backend down");
    switch (undo) {
      case "delete-server" ->
          org.mockito.Mockito.doThrow(broken).when(bed.compute).deleteServer(ID.toString());
      case "delete-volume" ->
          org.mockito.Mockito.doThrow(broken).when(bed.volumes).deleteVolume(ID.toString());
      case "delete-guest-queue" ->
          org.mockito.Mockito.doThrow(broken).when(bed.guest).deleteQueue(ID.toString());
      default -> throw new IllegalArgumentException(undo);
    }
    CreateInstanceWorkflow workflow = bed.stub(CreateInstanceWorkflow.class, OP);
    WorkflowClient.start(workflow::create, request());
    workflow.guestStatus(new GuestStatus(ServiceStatus.FAILED, "initdb: disk full"));
    assertThatThrownBy(() -> WorkflowStub.fromTyped(workflow).getResult(Void.class))
        .isInstanceOf(WorkflowFailedException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"delete-server", "delete-volume", "delete-guest-queue"})
  void anUndoThatThrowsDoesNotStopTheOthersAndTheFaultNamesIt(String undo) {
    createFailsWithUndoThrowing(undo);

    // Every undo ran (the failing one to its last attempt), then the outcome was recorded.
    verify(bed.compute, org.mockito.Mockito.atLeastOnce()).deleteServer(ID.toString());
    verify(bed.volumes, org.mockito.Mockito.atLeastOnce()).deleteVolume(ID.toString());
    verify(bed.guest, org.mockito.Mockito.atLeastOnce()).deleteQueue(ID.toString());
    verify(bed.store)
        .failCreate(
            eq(ID),
            eq(OP),
            eq("wait-for-guest"),
            and(contains("initdb: disk full"), contains(undo + ": " + undo + " refused")));
  }

  @Test
  void aDeleteAfterAFailedUndoRemovesWhatWasLeft() {
    createFailsWithUndoThrowing("delete-server");
    org.mockito.Mockito.reset(bed.compute);

    String deleteId = WorkflowIds.instanceDelete(ID);
    bed.stub(DeleteInstanceWorkflow.class, deleteId)
        .delete(new DeleteInstanceRequest(deleteId, ID, "p1", "req-2"));

    verify(bed.compute).deleteServer(ID.toString());
    verify(bed.store).completeDelete(ID, deleteId);
  }
}
