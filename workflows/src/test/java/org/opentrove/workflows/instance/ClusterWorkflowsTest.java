package org.opentrove.workflows.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.opentrove.contract.ClusterMembers;
import org.opentrove.contract.ClusterNode;
import org.opentrove.contract.PrepareArgs;
import org.opentrove.temporal.activities.compute.ServerInfo;
import org.opentrove.temporal.activities.volume.VolumeInfo;
import org.opentrove.temporal.api.CreateClusterRequest;
import org.opentrove.temporal.api.CreateClusterWorkflow;
import org.opentrove.temporal.api.CreateInstanceRequest;
import org.opentrove.temporal.api.DeleteClusterRequest;
import org.opentrove.temporal.api.DeleteClusterWorkflow;
import org.opentrove.temporal.api.DeleteInstanceRequest;
import org.opentrove.temporal.api.GrowClusterRequest;
import org.opentrove.temporal.api.GrowClusterWorkflow;
import org.opentrove.temporal.api.GuestHealth;
import org.opentrove.temporal.api.RestartClusterRequest;
import org.opentrove.temporal.api.RestartClusterWorkflow;
import org.opentrove.temporal.api.RestartInstanceRequest;
import org.opentrove.temporal.api.ShrinkClusterRequest;
import org.opentrove.temporal.api.ShrinkClusterWorkflow;

/** The cluster workflows against mocked activities: order of joins, paths, settings, failures. */
class ClusterWorkflowsTest {
  private static final UUID CLUSTER = UUID.fromString("c0000000-0000-4000-8000-000000000000");
  private static final UUID M1 = UUID.fromString("a0000000-0000-4000-8000-000000000001");
  private static final UUID M2 = UUID.fromString("a0000000-0000-4000-8000-000000000002");
  private static final UUID M3 = UUID.fromString("a0000000-0000-4000-8000-000000000003");
  private static final UUID M4 = UUID.fromString("a0000000-0000-4000-8000-000000000004");
  private static final String CREATE = "cluster-create/" + CLUSTER;
  private static final String GROW = "cluster-grow/" + CLUSTER + "/1";
  private static final String SHRINK = "cluster-shrink/" + CLUSTER + "/2";
  private static final String DELETE = "cluster-delete/" + CLUSTER;
  private static final String RESTART = "cluster-restart/" + CLUSTER + "/3";

  private WorkflowTestBed bed;

  @BeforeEach
  void setUp() {
    bed = new WorkflowTestBed();
    when(bed.volumes.createVolume(anyString(), anyInt(), any()))
        .thenAnswer(a -> new VolumeInfo(a.getArgument(0), "/data/" + a.getArgument(0), 1));
    when(bed.compute.createServer(any()))
        .thenAnswer(a -> new ServerInfo(a.getArgument(0, Object.class).toString(), "h", 1));
    when(bed.compute.serverIsRunning(anyString())).thenReturn(true);
    when(bed.store.serviceStatus(any())).thenReturn("HEALTHY");
    when(bed.compute.connectClusterMembers(any()))
        .thenAnswer(a -> nodes(a.<List<String>>getArgument(0)));
  }

  @AfterEach
  void tearDown() {
    bed.close();
  }

  private static List<ClusterNode> nodes(List<String> ids) {
    return ids.stream().map(id -> new ClusterNode(id, "127.0.0.1", 1, 2, 3)).toList();
  }

  private static CreateInstanceRequest member(UUID id) {
    return new CreateInstanceRequest(
        "instance-create/" + id,
        id,
        "p1",
        "req-1",
        512,
        1,
        1,
        "mariadb",
        "10.11",
        List.of(),
        List.of(),
        List.of());
  }

  private static DeleteInstanceRequest leaving(UUID id) {
    return new DeleteInstanceRequest("instance-delete/" + id, id, "p1", "req-1");
  }

  private static RestartInstanceRequest restartOf(UUID id) {
    return new RestartInstanceRequest("instance-restart/" + id + "/3", id, "p1", "r");
  }

  private void restartCluster() {
    when(bed.store.guestHealth(any())).thenReturn(new GuestHealth("HEALTHY", 1));
    bed.stub(RestartClusterWorkflow.class, RESTART)
        .restart(
            new RestartClusterRequest(
                RESTART, CLUSTER, "p1", "r", List.of(restartOf(M1), restartOf(M2), restartOf(M3))));
  }

  private void createCluster() {
    bed.stub(CreateClusterWorkflow.class, CREATE)
        .create(
            new CreateClusterRequest(
                CREATE, CLUSTER, "p1", "req-1", List.of(member(M1), member(M2), member(M3))));
  }

  @Test
  void theFirstMemberBootstrapsAndTheOthersJoinOneByOne() {
    createCluster();

    InOrder order = inOrder(bed.compute, bed.guest, bed.clusters);
    order.verify(bed.compute).connectClusterMembers(List.of(M1.toString()));
    order.verify(bed.compute).connectClusterMembers(List.of(M1.toString(), M2.toString()));
    order
        .verify(bed.compute)
        .connectClusterMembers(List.of(M1.toString(), M2.toString(), M3.toString()));
    order
        .verify(bed.compute)
        .connectClusterMembers(List.of(M1.toString(), M2.toString(), M3.toString()));
    ArgumentCaptor<PrepareArgs> prepared = ArgumentCaptor.forClass(PrepareArgs.class);
    verify(bed.guest, org.mockito.Mockito.times(3)).prepare(anyString(), any(), prepared.capture());
    assertThat(prepared.getAllValues())
        .extracting(args -> args.cluster().bootstrap())
        .containsExactly(true, false, false);
    assertThat(prepared.getAllValues().get(2).cluster().members())
        .extracting(ClusterNode::memberId)
        .containsExactly(M1.toString(), M2.toString(), M3.toString());
    for (UUID member : List.of(M1, M2, M3)) {
      verify(bed.guest)
          .setClusterMembers(
              eq(member.toString()),
              any(),
              eq(new ClusterMembers(nodes(List.of(M1.toString(), M2.toString(), M3.toString())))));
      verify(bed.store).completeCreate(member, "instance-create/" + member);
    }
    verify(bed.clusters).finishClusterOperation(CLUSTER, CREATE, "record-cluster", null);
  }

  @Test
  void aMemberThatCannotJoinFailsTheCreateAndTheMembersAfterItAreRecordedFailed() {
    doThrow(ApplicationFailure.newNonRetryableFailure("no donor", "GuestPrepareFailed"))
        .when(bed.guest)
        .prepare(eq(M2.toString()), any(), any());

    assertThatThrownBy(this::createCluster).isInstanceOf(WorkflowFailedException.class);

    verify(bed.store)
        .failCompensatedCreate(eq(M2), eq("instance-create/" + M2), anyString(), anyString());
    // The bootstrap's link, then the failed member's undo cutting it off again.
    verify(bed.compute, org.mockito.Mockito.times(2)).connectClusterMembers(List.of(M1.toString()));
    verify(bed.store)
        .failCompensatedCreate(
            eq(M3),
            eq("instance-create/" + M3),
            eq("join-members"),
            org.mockito.ArgumentMatchers.startsWith("not created: "));
    verify(bed.compute, never())
        .createServer(
            org.mockito.ArgumentMatchers.argThat(r -> r.instanceId().equals(M3.toString())));
    verify(bed.clusters)
        .finishClusterOperation(
            eq(CLUSTER),
            eq(CREATE),
            eq("join-members"),
            org.mockito.ArgumentMatchers.contains("failed at step 'join-members'"));
  }

  @Test
  void growJoinsTheRunningMembersAndShrinkCutsTheLeaverOff() {
    bed.stub(GrowClusterWorkflow.class, GROW)
        .grow(
            new GrowClusterRequest(
                GROW, CLUSTER, "p1", "r", List.of(M1, M2, M3), List.of(member(M4))));
    ArgumentCaptor<PrepareArgs> prepared = ArgumentCaptor.forClass(PrepareArgs.class);
    verify(bed.guest).prepare(eq(M4.toString()), any(), prepared.capture());
    assertThat(prepared.getValue().cluster().bootstrap()).isFalse();
    assertThat(prepared.getValue().cluster().members()).hasSize(4);
    verify(bed.clusters).finishClusterOperation(CLUSTER, GROW, "record-cluster", null);

    bed.stub(ShrinkClusterWorkflow.class, SHRINK)
        .shrink(
            new ShrinkClusterRequest(
                SHRINK, CLUSTER, "p1", "r", List.of(M2, M3, M4), List.of(leaving(M1))));
    InOrder order = inOrder(bed.compute, bed.store);
    order.verify(bed.compute).deleteServer(M1.toString());
    order.verify(bed.store).completeDelete(M1, "instance-delete/" + M1);
    order
        .verify(bed.compute)
        .connectClusterMembers(List.of(M2.toString(), M3.toString(), M4.toString()));
    verify(bed.clusters).finishClusterOperation(CLUSTER, SHRINK, "record-cluster", null);
  }

  @Test
  void restartRestartsOneMemberAfterTheOtherEachHealthyBeforeTheNext() {
    restartCluster();

    InOrder order = inOrder(bed.guest, bed.health, bed.store, bed.clusters);
    for (UUID member : List.of(M1, M2, M3)) {
      order.verify(bed.guest).restartDatastore(eq(member.toString()), any());
      order.verify(bed.health).awaitHealthyHeartbeat(eq(member), anyLong(), anyLong());
      order.verify(bed.store).completeOperation(member, "instance-restart/" + member + "/3");
    }
    order.verify(bed.clusters).finishClusterOperation(CLUSTER, RESTART, "record-cluster", null);
  }

  @Test
  void aMemberThatFailsToRestartStopsTheRestAndTheyAreHandedBack() {
    doThrow(ApplicationFailure.newNonRetryableFailure("no", "GuestRestartFailed"))
        .when(bed.guest)
        .restartDatastore(eq(M2.toString()), any());

    assertThatThrownBy(this::restartCluster).isInstanceOf(WorkflowFailedException.class);

    verify(bed.store).completeOperation(M1, "instance-restart/" + M1 + "/3");
    verify(bed.store)
        .failOperation(eq(M2), eq("instance-restart/" + M2 + "/3"), anyString(), anyString());
    verify(bed.guest, never()).restartDatastore(eq(M3.toString()), any());
    verify(bed.store)
        .failOperation(
            eq(M3),
            eq("instance-restart/" + M3 + "/3"),
            eq("restart-datastore"),
            org.mockito.ArgumentMatchers.startsWith("not restarted"));
    verify(bed.clusters)
        .finishClusterOperation(
            eq(CLUSTER),
            eq(RESTART),
            eq("restart-members"),
            org.mockito.ArgumentMatchers.contains("failed at step 'restart-members'"));
  }

  @Test
  void deleteRemovesEveryMemberThenTheCluster() {
    bed.stub(DeleteClusterWorkflow.class, DELETE)
        .delete(
            new DeleteClusterRequest(
                DELETE, CLUSTER, "p1", "r", List.of(leaving(M1), leaving(M2), leaving(M3))));
    for (UUID member : List.of(M1, M2, M3)) {
      verify(bed.compute).deleteServer(member.toString());
    }
    verify(bed.clusters).recordClusterDeleted(CLUSTER, DELETE);
  }

  @Test
  @EnabledIfSystemProperty(named = "trove.recordHistories", matches = "true")
  void recordHistories() throws Exception {
    Path recorded = Path.of("src/test/resources/histories");
    createCluster();
    Files.writeString(
        recorded.resolve("create-cluster.json"), bed.client().fetchHistory(CREATE).toJson(true));
    bed.stub(GrowClusterWorkflow.class, GROW)
        .grow(
            new GrowClusterRequest(
                GROW, CLUSTER, "p1", "r", List.of(M1, M2, M3), List.of(member(M4))));
    Files.writeString(
        recorded.resolve("grow-cluster.json"), bed.client().fetchHistory(GROW).toJson(true));
    bed.stub(ShrinkClusterWorkflow.class, SHRINK)
        .shrink(
            new ShrinkClusterRequest(
                SHRINK, CLUSTER, "p1", "r", List.of(M2, M3, M4), List.of(leaving(M1))));
    Files.writeString(
        recorded.resolve("shrink-cluster.json"), bed.client().fetchHistory(SHRINK).toJson(true));
    bed.stub(DeleteClusterWorkflow.class, DELETE)
        .delete(
            new DeleteClusterRequest(
                DELETE, CLUSTER, "p1", "r", List.of(leaving(M2), leaving(M3), leaving(M4))));
    Files.writeString(
        recorded.resolve("delete-cluster.json"), bed.client().fetchHistory(DELETE).toJson(true));
  }

  @Test
  @EnabledIfSystemProperty(named = "trove.recordHistories", matches = "true")
  void recordRestartHistory() throws Exception {
    restartCluster();
    Files.writeString(
        Path.of("src/test/resources/histories/restart-cluster.json"),
        bed.client().fetchHistory(RESTART).toJson(true));
  }
}
