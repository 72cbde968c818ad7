package org.opentrove.workflows.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.WorkflowReplayer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.opentrove.contract.BackupArgs;
import org.opentrove.contract.BackupPiece;
import org.opentrove.contract.BackupUpdate;
import org.opentrove.contract.PrepareArgs;
import org.opentrove.contract.RejoinArgs;
import org.opentrove.contract.ReplicaLogin;
import org.opentrove.contract.ReplicationSource;
import org.opentrove.contract.ServiceStatus;
import org.opentrove.temporal.WorkflowIds;
import org.opentrove.temporal.activities.compute.ReplicationEndpoint;
import org.opentrove.temporal.activities.compute.ServerInfo;
import org.opentrove.temporal.activities.volume.VolumeInfo;
import org.opentrove.temporal.api.CreateInstanceRequest;
import org.opentrove.temporal.api.CreateInstanceResult;
import org.opentrove.temporal.api.CreateInstanceWorkflow;
import org.opentrove.temporal.api.DeleteInstanceRequest;
import org.opentrove.temporal.api.DeleteInstanceWorkflow;
import org.opentrove.temporal.api.DetachReplicaRequest;
import org.opentrove.temporal.api.DetachReplicaWorkflow;
import org.opentrove.temporal.api.EjectSourceRequest;
import org.opentrove.temporal.api.EjectSourceWorkflow;
import org.opentrove.temporal.api.GuestStatus;
import org.opentrove.temporal.api.PromoteReplicaRequest;
import org.opentrove.temporal.api.PromoteReplicaWorkflow;
import org.opentrove.temporal.api.RejoinSetRequest;
import org.opentrove.temporal.api.RejoinSetWorkflow;

/** A replica's create (linked to its source, undone there too), detach and delete. */
class ReplicaWorkflowsTest {
  static final UUID ID = UUID.fromString("7a4c2d11-5b6e-4f70-8a91-0c2d3e4f5a61");
  static final UUID SOURCE = UUID.fromString("7a4c2d11-5b6e-4f70-8a91-0c2d3e4f5a60");
  static final String CREATE = WorkflowIds.instanceCreate(ID);
  static final String DETACH =
      "instance-detach-replica/" + ID + "/0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a";
  static final ReplicaLogin LOGIN = new ReplicaLogin("os_repl_x", "pw", "os_repl_x");
  static final DetachReplicaRequest DETACH_REQUEST =
      new DetachReplicaRequest(DETACH, ID, "p1", "req-1", SOURCE);

  private final WorkflowTestBed bed = new WorkflowTestBed();

  @AfterEach
  void close() {
    bed.close();
  }

  static CreateInstanceRequest replicaRequest() {
    return new CreateInstanceRequest(
        CREATE,
        ID,
        "p1",
        "req-1",
        512,
        1,
        1,
        "postgresql",
        "15",
        List.of(),
        List.of(),
        List.of(),
        SOURCE,
        null);
  }

  private void serverStartsAndLinks() {
    when(bed.volumes.createVolume(anyString(), anyInt(), any()))
        .thenReturn(new VolumeInfo(ID.toString(), "/data/" + ID, 1));
    when(bed.compute.createServer(any()))
        .thenReturn(new ServerInfo(ID.toString(), "127.0.0.1", 15433));
    when(bed.compute.serverIsRunning(ID.toString())).thenReturn(true);
    when(bed.compute.openReplicationLink(ID.toString(), SOURCE.toString()))
        .thenReturn(new ReplicationEndpoint("127.0.0.1", 15432));
    when(bed.guest.addReplica(eq(SOURCE.toString()), any(), eq(ID.toString()))).thenReturn(LOGIN);
  }

  @Test
  void aReplicaIsLinkedToItsSourceBeforeItsGuestCopiesIt() {
    serverStartsAndLinks();
    CreateInstanceWorkflow workflow = bed.stub(CreateInstanceWorkflow.class, CREATE);
    WorkflowClient.start(workflow::create, replicaRequest());
    workflow.guestStatus(new GuestStatus(ServiceStatus.HEALTHY, null));

    assertThat(WorkflowStub.fromTyped(workflow).getResult(CreateInstanceResult.class)).isNotNull();
    InOrder order = inOrder(bed.compute, bed.guest, bed.store);
    order.verify(bed.store).recordStep(CREATE, "link-to-source");
    order.verify(bed.compute).openReplicationLink(ID.toString(), SOURCE.toString());
    order.verify(bed.guest).addReplica(eq(SOURCE.toString()), any(), eq(ID.toString()));
    ArgumentCaptor<PrepareArgs> prepared = ArgumentCaptor.forClass(PrepareArgs.class);
    order.verify(bed.guest).prepare(eq(ID.toString()), any(), prepared.capture());
    order.verify(bed.store).completeCreate(ID, CREATE);
    assertThat(prepared.getValue().replicaOf())
        .isEqualTo(new ReplicationSource(SOURCE.toString(), "127.0.0.1", 15432, LOGIN));
  }

  @Test
  void aFailedReplicaIsRemovedFromItsSourceToo() {
    serverStartsAndLinks();
    CreateInstanceWorkflow workflow = bed.stub(CreateInstanceWorkflow.class, CREATE);
    WorkflowClient.start(workflow::create, replicaRequest());
    workflow.guestStatus(new GuestStatus(ServiceStatus.FAILED, "pg_basebackup: refused"));

    assertThatThrownBy(() -> WorkflowStub.fromTyped(workflow).getResult(Void.class))
        .isInstanceOf(WorkflowFailedException.class);
    InOrder undo = inOrder(bed.compute, bed.guest, bed.volumes, bed.store);
    undo.verify(bed.guest).removeReplica(eq(SOURCE.toString()), any(), eq(ID.toString()));
    undo.verify(bed.compute).closeReplicationLink(ID.toString());
    undo.verify(bed.compute).deleteServer(ID.toString());
    undo.verify(bed.volumes).deleteVolume(ID.toString());
    undo.verify(bed.store)
        .failCompensatedCreate(
            eq(ID), eq(CREATE), eq("wait-for-guest"), contains("pg_basebackup: refused"));
  }

  @Test
  void detachPromotesRecordsThenUnlinks() {
    bed.stub(DetachReplicaWorkflow.class, DETACH).detach(DETACH_REQUEST);

    InOrder order = inOrder(bed.compute, bed.guest, bed.store);
    order.verify(bed.store).recordStep(DETACH, "promote-replica");
    order.verify(bed.guest).detachReplica(eq(ID.toString()), any());
    order.verify(bed.store).recordDetached(ID);
    order.verify(bed.store).recordStep(DETACH, "unlink-from-source");
    order.verify(bed.guest).removeReplica(eq(SOURCE.toString()), any(), eq(ID.toString()));
    order.verify(bed.compute).closeReplicationLink(ID.toString());
    order.verify(bed.store).completeOperation(ID, DETACH);
  }

  @Test
  void aReplicaThatCannotPromoteStaysAReplica() {
    doThrow(ApplicationFailure.newNonRetryableFailure("promote timed out", "DatastoreError"))
        .when(bed.guest)
        .detachReplica(eq(ID.toString()), any());

    assertThatThrownBy(() -> bed.stub(DetachReplicaWorkflow.class, DETACH).detach(DETACH_REQUEST))
        .isInstanceOf(WorkflowFailedException.class);
    verify(bed.store).failOperation(eq(ID), eq(DETACH), eq("promote-replica"), contains("promote"));
    verify(bed.store, never()).recordDetached(any());
    verify(bed.guest, never()).removeReplica(any(), any(), any());
  }

  @Test
  void aReplicaIsDeletedEvenWhenItsSourceDoesNotAnswer() {
    String op = WorkflowIds.instanceDelete(ID);
    doThrow(ApplicationFailure.newNonRetryableFailure("no answer", "GuestTimeout"))
        .when(bed.guest)
        .removeReplica(eq(SOURCE.toString()), any(), eq(ID.toString()));

    bed.stub(DeleteInstanceWorkflow.class, op)
        .delete(new DeleteInstanceRequest(op, ID, "p1", "req-1", SOURCE));

    InOrder order = inOrder(bed.compute, bed.guest, bed.store);
    order.verify(bed.store).recordStep(op, "unlink-from-source");
    order.verify(bed.compute).closeReplicationLink(ID.toString());
    order.verify(bed.compute).deleteServer(ID.toString());
    order.verify(bed.store).completeDelete(ID, op);
  }

  static final UUID OTHER = UUID.fromString("7a4c2d11-5b6e-4f70-8a91-0c2d3e4f5a62");
  static final String PROMOTE =
      "instance-promote-replica/" + ID + "/1e2d3c4b-5a69-4788-9766-5a4b3c2d1e0f";
  static final PromoteReplicaRequest PROMOTE_REQUEST =
      new PromoteReplicaRequest(PROMOTE, ID, "p1", "req-1", SOURCE, List.of(OTHER), true);

  private void membersAnswer() {
    when(bed.guest.stopAsSource(eq(SOURCE.toString()), any())).thenReturn("0/3000028");
    when(bed.compute.openReplicationLink(anyString(), eq(ID.toString())))
        .thenReturn(new ReplicationEndpoint("127.0.0.1", 15433));
    when(bed.guest.addReplica(eq(ID.toString()), any(), anyString())).thenReturn(LOGIN);
  }

  @Test
  void aSwitchoverStopsTheSourceBeforeTheReplicaTakesWritesThenRepointsTheSet() {
    membersAnswer();

    bed.stub(PromoteReplicaWorkflow.class, PROMOTE).promote(PROMOTE_REQUEST);

    ReplicationSource newSource = new ReplicationSource(ID.toString(), "127.0.0.1", 15433, LOGIN);
    InOrder order = inOrder(bed.compute, bed.guest, bed.store);
    order.verify(bed.store).recordStep(PROMOTE, "stop-source");
    order.verify(bed.guest).stopAsSource(eq(SOURCE.toString()), any());
    order.verify(bed.store).recordStep(PROMOTE, "promote-replica");
    order.verify(bed.guest).promoteReplica(eq(ID.toString()), any(), eq("0/3000028"));
    order.verify(bed.store).recordStep(PROMOTE, "repoint-replicas");
    order.verify(bed.compute).openReplicationLink(OTHER.toString(), ID.toString());
    order.verify(bed.guest).addReplica(eq(ID.toString()), any(), eq(OTHER.toString()));
    order.verify(bed.guest).followSource(eq(OTHER.toString()), any(), eq(newSource));
    order.verify(bed.store).recordStep(PROMOTE, "rejoin-old-source");
    order.verify(bed.guest).followSource(eq(SOURCE.toString()), any(), eq(newSource));
    order.verify(bed.guest).setSynchronous(eq(ID.toString()), any(), eq(true));
    order.verify(bed.store).recordReplicaSet(ID, List.of(OTHER, SOURCE), SOURCE);
    order
        .verify(bed.store)
        .finishReplicaSetOperation(PROMOTE, ID, List.of(SOURCE, ID, OTHER), null, null);
  }

  @Test
  void aSwitchoverThatCannotStopTheSourceChangesNoRoleAndHandsEveryMemberBack() {
    doThrow(ApplicationFailure.newNonRetryableFailure("no answer", "GuestTimeout"))
        .when(bed.guest)
        .stopAsSource(eq(SOURCE.toString()), any());

    assertThatThrownBy(
            () -> bed.stub(PromoteReplicaWorkflow.class, PROMOTE).promote(PROMOTE_REQUEST))
        .isInstanceOf(WorkflowFailedException.class);
    verify(bed.guest, never()).promoteReplica(any(), any(), any());
    verify(bed.store, never()).recordReplicaSet(any(), any(), any());
    verify(bed.store)
        .finishReplicaSetOperation(
            eq(PROMOTE),
            eq(ID),
            eq(List.of(SOURCE, ID, OTHER)),
            eq("stop-source"),
            contains("no answer"));
  }

  static final String EJECT =
      "instance-eject-source/" + SOURCE + "/3c4d5e6f-7081-4293-a4b5-c6d7e8f90a1b";
  static final EjectSourceRequest EJECT_REQUEST =
      new EjectSourceRequest(EJECT, SOURCE, "p1", "req-1", List.of(ID, OTHER), false);

  private void replicasReport(String idAt, String otherAt) {
    when(bed.guest.receivedPosition(eq(ID.toString()), any())).thenReturn(idAt);
    when(bed.guest.receivedPosition(eq(OTHER.toString()), any())).thenReturn(otherAt);
    when(bed.compute.openReplicationLink(anyString(), anyString()))
        .thenReturn(new ReplicationEndpoint("127.0.0.1", 15434));
    when(bed.guest.addReplica(anyString(), any(), anyString())).thenReturn(LOGIN);
  }

  @Test
  void anEjectFencesTheSourceThenPromotesTheReplicaThatReceivedMost() {
    replicasReport("0/3000000", "0/3000060");

    bed.stub(EjectSourceWorkflow.class, EJECT).eject(EJECT_REQUEST);

    InOrder order = inOrder(bed.compute, bed.guest, bed.store);
    order.verify(bed.store).recordStep(EJECT, "fence-source");
    order.verify(bed.compute).fenceServer(SOURCE.toString());
    order.verify(bed.store).recordStep(EJECT, "choose-replica");
    order
        .verify(bed.store)
        .recordStepDetail(
            eq(EJECT),
            eq("choose-replica"),
            contains(OTHER + ", which had received up to 0/3000060"));
    order.verify(bed.guest).promoteReplica(eq(OTHER.toString()), any(), eq(null));
    order.verify(bed.guest).followSource(eq(ID.toString()), any(), any());
    order.verify(bed.store).recordReplicaSet(OTHER, List.of(ID), SOURCE);
    order.verify(bed.store).finishEject(EJECT, SOURCE, List.of(SOURCE, ID, OTHER), OTHER);
    verify(bed.guest, never()).setSynchronous(any(), any(), any(Boolean.class));
  }

  @Test
  void anEjectThatCannotFenceTheSourcePromotesNothing() {
    doThrow(ApplicationFailure.newNonRetryableFailure("no server", "ServerStopped"))
        .when(bed.compute)
        .fenceServer(SOURCE.toString());

    assertThatThrownBy(() -> bed.stub(EjectSourceWorkflow.class, EJECT).eject(EJECT_REQUEST))
        .isInstanceOf(WorkflowFailedException.class);
    verify(bed.guest, never()).promoteReplica(any(), any(), any());
    verify(bed.store)
        .finishReplicaSetOperation(
            eq(EJECT), eq(SOURCE), any(), eq("fence-source"), contains("no server"));
  }

  static final UUID SNAPSHOT = UUID.fromString("5e6f7081-92a3-4b4c-9d5e-6f708192a3b4");
  static final String REJOIN =
      "instance-rejoin-set/" + SOURCE + "/6f708192-a3b4-4c5d-8e6f-708192a3b4c5";
  static final RejoinSetRequest REJOIN_REQUEST =
      new RejoinSetRequest(REJOIN, SOURCE, "p1", "req-1", OTHER, 512, null);

  static CreateInstanceRequest mariaDbReplicaRequest() {
    return new CreateInstanceRequest(
        CREATE, ID, "p1", "req-1", 512, 1, 1, "mariadb", "10.11", List.of(), List.of(), List.of(),
        SOURCE, SNAPSHOT);
  }

  private void snapshotCompletes() {
    when(bed.backups.startSnapshot(SNAPSHOT)).thenReturn(true);
    when(bed.backups.outcome(SNAPSHOT))
        .thenReturn(
            null,
            new BackupUpdate(
                SOURCE.toString(),
                SNAPSHOT.toString(),
                BackupUpdate.COMPLETED,
                4096,
                "c",
                Map.of("to_lsn", "42"),
                null));
  }

  @Test
  void aMariaDbReplicaStartsFromASnapshotOfItsSourceRemovedOnceItRuns() {
    serverStartsAndLinks();
    snapshotCompletes();
    CreateInstanceWorkflow workflow = bed.stub(CreateInstanceWorkflow.class, CREATE);
    WorkflowClient.start(workflow::create, mariaDbReplicaRequest());
    workflow.guestStatus(new GuestStatus(ServiceStatus.HEALTHY, null));

    assertThat(WorkflowStub.fromTyped(workflow).getResult(CreateInstanceResult.class)).isNotNull();
    InOrder order = inOrder(bed.compute, bed.guest, bed.store, bed.backups, bed.objects);
    order.verify(bed.guest).addReplica(eq(SOURCE.toString()), any(), eq(ID.toString()));
    order.verify(bed.store).recordStep(CREATE, "snapshot-source");
    order.verify(bed.backups).startSnapshot(SNAPSHOT);
    order
        .verify(bed.guest)
        .createBackup(
            eq(SOURCE.toString()),
            any(),
            eq(new BackupArgs(SNAPSHOT.toString(), SNAPSHOT + "/", null)));
    ArgumentCaptor<PrepareArgs> prepared = ArgumentCaptor.forClass(PrepareArgs.class);
    order.verify(bed.guest).prepare(eq(ID.toString()), any(), prepared.capture());
    order.verify(bed.store).recordStep(CREATE, "remove-source-snapshot");
    order.verify(bed.objects).deleteBackupObjects(SNAPSHOT + "/");
    order.verify(bed.backups).removeSnapshot(SNAPSHOT);
    order.verify(bed.store).completeCreate(ID, CREATE);
    assertThat(prepared.getValue().restoreChain())
        .containsExactly(
            new BackupPiece(SNAPSHOT.toString(), SNAPSHOT + "/", Map.of("to_lsn", "42")));
    assertThat(prepared.getValue().replicaOf().login()).isEqualTo(LOGIN);
  }

  @Test
  void aFailedSnapshotUndoesTheReplicaAndRemovesTheSnapshot() {
    serverStartsAndLinks();
    when(bed.backups.startSnapshot(SNAPSHOT)).thenReturn(true);
    when(bed.backups.outcome(SNAPSHOT))
        .thenReturn(
            new BackupUpdate(
                SOURCE.toString(),
                SNAPSHOT.toString(),
                BackupUpdate.FAILED,
                0,
                null,
                Map.of(),
                "mariadb-backup exited with 1"));
    CreateInstanceWorkflow workflow = bed.stub(CreateInstanceWorkflow.class, CREATE);
    WorkflowClient.start(workflow::create, mariaDbReplicaRequest());

    assertThatThrownBy(() -> WorkflowStub.fromTyped(workflow).getResult(Void.class))
        .isInstanceOf(WorkflowFailedException.class);
    verify(bed.guest, never()).prepare(any(), any(), any());
    verify(bed.objects).deleteBackupObjects(SNAPSHOT + "/");
    verify(bed.backups).removeSnapshot(SNAPSHOT);
    verify(bed.guest).removeReplica(eq(SOURCE.toString()), any(), eq(ID.toString()));
    verify(bed.store)
        .failCompensatedCreate(
            eq(ID), eq(CREATE), eq("snapshot-source"), contains("mariadb-backup exited with 1"));
  }

  private void setSourceAnswers() {
    when(bed.compute.openReplicationLink(SOURCE.toString(), OTHER.toString()))
        .thenReturn(new ReplicationEndpoint("127.0.0.1", 15434));
    when(bed.guest.addReplica(eq(OTHER.toString()), any(), eq(SOURCE.toString())))
        .thenReturn(LOGIN);
  }

  @Test
  void aFencedSourceStartsHeldThenCopiesTheSetsSourceAndFollowsIt() {
    setSourceAnswers();

    bed.stub(RejoinSetWorkflow.class, REJOIN).rejoin(REJOIN_REQUEST);

    InOrder order = inOrder(bed.compute, bed.guest, bed.store);
    order.verify(bed.store).recordStep(REJOIN, "unfence-server");
    order.verify(bed.compute).startHeldServer(SOURCE.toString());
    order.verify(bed.store).recordStep(REJOIN, "link-to-source");
    order.verify(bed.compute).openReplicationLink(SOURCE.toString(), OTHER.toString());
    order.verify(bed.guest).addReplica(eq(OTHER.toString()), any(), eq(SOURCE.toString()));
    order.verify(bed.store).recordStep(REJOIN, "copy-source");
    order
        .verify(bed.guest)
        .rejoinSource(
            eq(SOURCE.toString()),
            any(),
            eq(
                new RejoinArgs(
                    new ReplicationSource(OTHER.toString(), "127.0.0.1", 15434, LOGIN),
                    512,
                    List.of())));
    order.verify(bed.compute).releaseHold(SOURCE.toString());
    order.verify(bed.store).recordRejoined(SOURCE, OTHER);
    order.verify(bed.store).finishReplicaSetOperation(REJOIN, SOURCE, List.of(SOURCE), null, null);
    verify(bed.compute, never()).fenceServer(any());
  }

  @Test
  void aRejoinThatCannotCopyFencesTheSourceAgain() {
    setSourceAnswers();
    doThrow(ApplicationFailure.newNonRetryableFailure("pg_basebackup: refused", "DatastoreError"))
        .when(bed.guest)
        .rejoinSource(any(), any(), any());

    assertThatThrownBy(() -> bed.stub(RejoinSetWorkflow.class, REJOIN).rejoin(REJOIN_REQUEST))
        .isInstanceOf(WorkflowFailedException.class);
    verify(bed.compute).fenceServer(SOURCE.toString());
    verify(bed.guest).removeReplica(eq(OTHER.toString()), any(), eq(SOURCE.toString()));
    verify(bed.compute).closeReplicationLink(SOURCE.toString());
    verify(bed.store, never()).recordRejoined(any(), any());
    verify(bed.store)
        .finishReplicaSetOperation(
            eq(REJOIN),
            eq(SOURCE),
            eq(List.of(SOURCE)),
            eq("copy-source"),
            contains("pg_basebackup: refused"));
  }

  @Test
  void recordedHistoriesReplay() throws Exception {
    for (String file :
        List.of(
            "create-instance--replica.json",
            "detach-replica.json",
            "promote-replica.json",
            "eject-source.json",
            "eject-source--notes-set-source.json",
            "create-instance--mariadb-replica.json",
            "rejoin-set.json")) {
      try (var in = getClass().getResourceAsStream("/histories/" + file)) {
        WorkflowReplayer.replayWorkflowExecution(
            WorkflowExecutionHistory.fromJson(
                new String(in.readAllBytes(), StandardCharsets.UTF_8)),
            bed.worker);
      }
    }
  }

  /** Histories of what came after the ones above, which stay as they were recorded. */
  @Test
  @EnabledIfSystemProperty(named = "trove.recordHistories", matches = "true")
  void recordSnapshotRejoinAndFenceHistories() throws Exception {
    Path recorded = Path.of("src/test/resources/histories");
    serverStartsAndLinks();
    snapshotCompletes();
    CreateInstanceWorkflow workflow = bed.stub(CreateInstanceWorkflow.class, CREATE);
    WorkflowClient.start(workflow::create, mariaDbReplicaRequest());
    workflow.guestStatus(new GuestStatus(ServiceStatus.HEALTHY, null));
    WorkflowStub.fromTyped(workflow).getResult(CreateInstanceResult.class);
    Files.writeString(
        recorded.resolve("create-instance--mariadb-replica.json"),
        bed.client().fetchHistory(CREATE).toJson(true));
    setSourceAnswers();
    bed.stub(RejoinSetWorkflow.class, REJOIN).rejoin(REJOIN_REQUEST);
    Files.writeString(
        recorded.resolve("rejoin-set.json"), bed.client().fetchHistory(REJOIN).toJson(true));
    replicasReport("0/3000000", "0/3000060");
    bed.stub(EjectSourceWorkflow.class, EJECT).eject(EJECT_REQUEST);
    Files.writeString(
        recorded.resolve("eject-source--notes-set-source.json"),
        bed.client().fetchHistory(EJECT).toJson(true));
  }

  @Test
  @EnabledIfSystemProperty(named = "trove.recordHistories", matches = "true")
  void recordHistories() throws Exception {
    serverStartsAndLinks();
    CreateInstanceWorkflow workflow = bed.stub(CreateInstanceWorkflow.class, CREATE);
    WorkflowClient.start(workflow::create, replicaRequest());
    workflow.guestStatus(new GuestStatus(ServiceStatus.HEALTHY, null));
    WorkflowStub.fromTyped(workflow).getResult(CreateInstanceResult.class);
    bed.stub(DetachReplicaWorkflow.class, DETACH).detach(DETACH_REQUEST);
    membersAnswer();
    bed.stub(PromoteReplicaWorkflow.class, PROMOTE).promote(PROMOTE_REQUEST);
    replicasReport("0/3000000", "0/3000060");
    bed.stub(EjectSourceWorkflow.class, EJECT).eject(EJECT_REQUEST);
    Path recorded = Path.of("src/test/resources/histories");
    Files.writeString(
        recorded.resolve("eject-source.json"), bed.client().fetchHistory(EJECT).toJson(true));
    Files.writeString(
        recorded.resolve("promote-replica.json"), bed.client().fetchHistory(PROMOTE).toJson(true));
    Files.createDirectories(recorded);
    Files.writeString(
        recorded.resolve("create-instance--replica.json"),
        bed.client().fetchHistory(CREATE).toJson(true));
    Files.writeString(
        recorded.resolve("detach-replica.json"), bed.client().fetchHistory(DETACH).toJson(true));
  }
}
