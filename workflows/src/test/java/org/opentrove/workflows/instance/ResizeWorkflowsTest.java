package org.opentrove.workflows.instance;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.contains;
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
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.mockito.InOrder;
import org.opentrove.temporal.activities.volume.VolumeInfo;
import org.opentrove.temporal.api.GuestHealth;
import org.opentrove.temporal.api.ResizeFlavorRequest;
import org.opentrove.temporal.api.ResizeFlavorRequest.Flavor;
import org.opentrove.temporal.api.ResizeFlavorWorkflow;
import org.opentrove.temporal.api.ResizeVolumeRequest;
import org.opentrove.temporal.api.ResizeVolumeWorkflow;

class ResizeWorkflowsTest {
  static final UUID ID = UUID.fromString("6f1f7a52-51a4-4c0e-9c55-1d1c4b2f3a10");
  static final String FLAVOR_OP =
      "instance-resize-flavor/" + ID + "/0d7c8a62-8a0e-4f43-9a7c-6b8a3f2e9d11";
  static final String VOLUME_OP =
      "instance-resize-volume/" + ID + "/1d7c8a62-8a0e-4f43-9a7c-6b8a3f2e9d12";
  static final Flavor SMALL = new Flavor("1", 512, 1);
  static final Flavor LARGE = new Flavor("2", 2048, 2);
  static final ResizeFlavorRequest TO_LARGE =
      new ResizeFlavorRequest(FLAVOR_OP, ID, "p1", "req-1", SMALL, LARGE, null);
  static final ResizeFlavorRequest TO_SMALL =
      new ResizeFlavorRequest(FLAVOR_OP, ID, "p1", "req-1", LARGE, SMALL, null);
  static final ResizeVolumeRequest TO_3_GB =
      new ResizeVolumeRequest(VOLUME_OP, ID, "p1", "r", 3, null);

  private final WorkflowTestBed bed = new WorkflowTestBed();

  @AfterEach
  void close() {
    bed.close();
  }

  @Test
  void aFlavorResizeShowsTheNewFlavorOnlyAfterAHealthyHeartbeatOnIt() {
    when(bed.store.guestHealth(ID)).thenReturn(new GuestHealth("HEALTHY", 7));

    bed.stub(ResizeFlavorWorkflow.class, FLAVOR_OP).resize(TO_LARGE);

    InOrder order = inOrder(bed.guest, bed.compute, bed.store, bed.health);
    order.verify(bed.store).recordStep(FLAVOR_OP, "resize-server");
    order.verify(bed.compute).resizeServer(ID.toString(), 2048, 2);
    order.verify(bed.store).recordStep(FLAVOR_OP, "start-on-flavor");
    order.verify(bed.store).guestHealth(ID); // before the start: its heartbeat must count
    order.verify(bed.guest).applyFlavor(eq(ID.toString()), any(), eq(2048));
    order.verify(bed.store).recordStep(FLAVOR_OP, "wait-for-datastore");
    order.verify(bed.health).awaitHealthyHeartbeat(ID, 7, 600);
    order.verify(bed.store).recordFlavor(ID, "2");
    order.verify(bed.store).completeOperation(ID, FLAVOR_OP);
    verify(bed.store, never()).failOperation(any(), any(), any(), any());
    verify(bed.guest, never()).stopDatastore(any(), any());
  }

  @Test
  void aSmallerFlavorStopsTheDatastoreBeforeTheLimitsDrop() {
    when(bed.store.guestHealth(ID)).thenReturn(new GuestHealth("HEALTHY", 7));

    bed.stub(ResizeFlavorWorkflow.class, FLAVOR_OP).resize(TO_SMALL);

    InOrder order = inOrder(bed.guest, bed.compute, bed.store);
    order.verify(bed.store).recordStep(FLAVOR_OP, "stop-datastore");
    order.verify(bed.guest).stopDatastore(eq(ID.toString()), any());
    order.verify(bed.store).recordStep(FLAVOR_OP, "resize-server");
    order.verify(bed.compute).resizeServer(ID.toString(), 512, 1);
    order.verify(bed.guest).applyFlavor(eq(ID.toString()), any(), eq(512));
    order.verify(bed.store).recordFlavor(ID, "1");
  }

  @Test
  void aDatastoreThatCannotStartOnTheNewFlavorIsPutBackOnTheOldOneWithAFault() {
    when(bed.store.guestHealth(ID)).thenReturn(new GuestHealth("HEALTHY", 4));
    doThrow(
            ApplicationFailure.newNonRetryableFailure(
                "starting PostgreSQL with memory settings for 2048 MB failed: out of memory",
                "RestartFailed"))
        .when(bed.guest)
        .applyFlavor(eq(ID.toString()), argThat(c -> c.step().equals("start-on-flavor")), eq(2048));

    assertThatThrownBy(() -> bed.stub(ResizeFlavorWorkflow.class, FLAVOR_OP).resize(TO_LARGE))
        .isInstanceOf(WorkflowFailedException.class);

    InOrder order = inOrder(bed.guest, bed.compute, bed.store, bed.health);
    order.verify(bed.store).recordStep(FLAVOR_OP, "revert-resize");
    order.verify(bed.guest).stopDatastore(eq(ID.toString()), any());
    order.verify(bed.compute).resizeServer(ID.toString(), 512, 1);
    order.verify(bed.guest).applyFlavor(eq(ID.toString()), any(), eq(512));
    order.verify(bed.health).awaitHealthyHeartbeat(ID, 4, 600);
    order
        .verify(bed.store)
        .failOperation(
            eq(ID),
            eq(FLAVOR_OP),
            eq("start-on-flavor"),
            argThat(m -> m.contains("out of memory") && m.endsWith("reverted to flavor 1")));
    verify(bed.store, never()).recordFlavor(any(), any());
    verify(bed.store, never()).completeOperation(any(), any());
  }

  @Test
  void aFailedRevertIsNamedInTheFault() {
    when(bed.store.guestHealth(ID)).thenReturn(new GuestHealth("SHUTDOWN", 4));
    doThrow(ApplicationFailure.newNonRetryableFailure("no healthy heartbeat", "GuestTimeout"))
        .when(bed.health)
        .awaitHealthyHeartbeat(ID, 4, 600);

    assertThatThrownBy(() -> bed.stub(ResizeFlavorWorkflow.class, FLAVOR_OP).resize(TO_LARGE))
        .isInstanceOf(WorkflowFailedException.class);

    verify(bed.store)
        .failOperation(
            eq(ID),
            eq(FLAVOR_OP),
            eq("wait-for-datastore"),
            contains("reverting to flavor 1 failed: no healthy heartbeat"));
  }

  @Test
  void aDatastoreThatWillNotStopIsLeftAsItWas() {
    doThrow(ApplicationFailure.newNonRetryableFailure("guest silent", "GuestTimeout"))
        .when(bed.guest)
        .stopDatastore(eq(ID.toString()), any());

    assertThatThrownBy(() -> bed.stub(ResizeFlavorWorkflow.class, FLAVOR_OP).resize(TO_SMALL))
        .isInstanceOf(WorkflowFailedException.class);

    verify(bed.compute, never()).resizeServer(any(), anyInt(), anyInt());
    verify(bed.store).failOperation(ID, FLAVOR_OP, "stop-datastore", "guest silent");
  }

  @Test
  void aVolumeResizeRecordsTheSizeTheVolumeGrewTo() {
    when(bed.volumes.growVolume(ID.toString(), 3)).thenReturn(new VolumeInfo("v", "/v", 3));

    bed.stub(ResizeVolumeWorkflow.class, VOLUME_OP).resize(TO_3_GB);

    InOrder order = inOrder(bed.volumes, bed.guest, bed.store);
    order.verify(bed.store).recordStep(VOLUME_OP, "grow-volume");
    order.verify(bed.volumes).growVolume(ID.toString(), 3);
    order.verify(bed.store).recordStep(VOLUME_OP, "grow-filesystem");
    order.verify(bed.guest).growFilesystem(eq(ID.toString()), any(), eq(3));
    order.verify(bed.store).recordVolumeSize(ID, 3);
    order.verify(bed.store).completeOperation(ID, VOLUME_OP);
  }

  @Test
  void aVolumeThatCannotGrowLeavesTheRecordedSize() {
    doThrow(ApplicationFailure.newNonRetryableFailure("no room", "ComputeCapacityExceeded"))
        .when(bed.volumes)
        .growVolume(ID.toString(), 3);

    assertThatThrownBy(() -> bed.stub(ResizeVolumeWorkflow.class, VOLUME_OP).resize(TO_3_GB))
        .isInstanceOf(WorkflowFailedException.class);

    verify(bed.store, never()).recordVolumeSize(any(), anyInt());
    verify(bed.store).failOperation(ID, VOLUME_OP, "grow-volume", "no room");
  }

  @Test
  void aScheduledResizeWaitsForItsTimeOnATimerThenTakesTheInstance() {
    java.time.Instant start = java.time.Instant.ofEpochMilli(bed.env.currentTimeMillis());
    java.time.Instant runAt = start.plus(java.time.Duration.ofHours(5));
    when(bed.volumes.growVolume(ID.toString(), 3)).thenReturn(new VolumeInfo("v", "/v", 3));

    bed.stub(ResizeVolumeWorkflow.class, VOLUME_OP)
        .resize(new ResizeVolumeRequest(VOLUME_OP, ID, "p1", "r", 3, runAt));

    org.assertj.core.api.Assertions.assertThat(bed.env.currentTimeMillis())
        .isGreaterThanOrEqualTo(runAt.toEpochMilli());
    InOrder order = inOrder(bed.volumes, bed.store);
    order.verify(bed.store).takeScheduledTurn(ID, VOLUME_OP);
    order.verify(bed.volumes).growVolume(ID.toString(), 3);
    order.verify(bed.store).completeOperation(ID, VOLUME_OP);
  }

  @Test
  void aScheduledResizeThatMayNotRunAtItsTimeChangesNothing() {
    java.time.Instant runAt =
        java.time.Instant.ofEpochMilli(bed.env.currentTimeMillis()).plusSeconds(60);
    when(bed.store.takeScheduledTurn(ID, FLAVOR_OP))
        .thenReturn("at its scheduled time the instance was busy (task BACKING_UP)");

    bed.stub(ResizeFlavorWorkflow.class, FLAVOR_OP)
        .resize(new ResizeFlavorRequest(FLAVOR_OP, ID, "p1", "r", SMALL, LARGE, runAt));

    verify(bed.guest, never()).stopDatastore(any(), any());
    verify(bed.store, never()).failOperation(any(), any(), any(), any());
    verify(bed.store, never()).recordStep(any(), any());
  }

  @Test
  void aScheduledResizeRevertsToTheFlavorTheInstanceHasAtItsTime() {
    java.time.Instant runAt =
        java.time.Instant.ofEpochMilli(bed.env.currentTimeMillis()).plusSeconds(60);
    when(bed.store.currentFlavor(ID)).thenReturn(new Flavor("3", 4096, 2));
    when(bed.store.guestHealth(ID)).thenReturn(new GuestHealth("HEALTHY", 4));
    doThrow(ApplicationFailure.newNonRetryableFailure("out of memory", "RestartFailed"))
        .when(bed.guest)
        .applyFlavor(eq(ID.toString()), argThat(c -> c.step().equals("start-on-flavor")), eq(2048));

    assertThatThrownBy(
            () ->
                bed.stub(ResizeFlavorWorkflow.class, FLAVOR_OP)
                    .resize(new ResizeFlavorRequest(FLAVOR_OP, ID, "p1", "r", SMALL, LARGE, runAt)))
        .isInstanceOf(WorkflowFailedException.class);

    // 4096 -> 2048 shrinks, so it stopped first; the revert stops again
    verify(bed.guest, org.mockito.Mockito.times(2)).stopDatastore(eq(ID.toString()), any());
    verify(bed.compute).resizeServer(ID.toString(), 4096, 2);
    verify(bed.store)
        .failOperation(
            eq(ID), eq(FLAVOR_OP), eq("start-on-flavor"), argThat(m -> m.endsWith("flavor 3")));
  }

  @Test
  void aScheduledResizeCancelledWhileItWaitsNeverRuns() throws Exception {
    java.time.Instant runAt =
        java.time.Instant.ofEpochMilli(bed.env.currentTimeMillis()).plusSeconds(3600);
    ResizeFlavorWorkflow workflow = bed.stub(ResizeFlavorWorkflow.class, FLAVOR_OP);
    io.temporal.client.WorkflowClient.start(
        workflow::resize, new ResizeFlavorRequest(FLAVOR_OP, ID, "p1", "r", SMALL, LARGE, runAt));
    bed.env.sleep(java.time.Duration.ofMinutes(10));
    bed.client().newUntypedWorkflowStub(FLAVOR_OP).cancel();
    assertThatThrownBy(() -> bed.client().newUntypedWorkflowStub(FLAVOR_OP).getResult(Void.class))
        .as("the workflow ends cancelled")
        .isInstanceOf(WorkflowFailedException.class);

    verify(bed.store, never()).takeScheduledTurn(any(), any());
    verify(bed.guest, never()).stopDatastore(any(), any());
  }

  @Test
  void recordedHistoriesReplay() throws Exception {
    for (String name :
        new String[] {"resize-flavor", "resize-volume", "resize-volume--scheduled"}) {
      try (var in = getClass().getResourceAsStream("/histories/" + name + ".json")) {
        io.temporal.testing.WorkflowReplayer.replayWorkflowExecution(
            io.temporal.common.WorkflowExecutionHistory.fromJson(
                new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)),
            bed.worker);
      }
    }
  }

  @Test
  @EnabledIfSystemProperty(named = "trove.recordHistories", matches = "true")
  void recordHistories() throws Exception {
    when(bed.store.guestHealth(ID)).thenReturn(new GuestHealth("HEALTHY", 1));
    when(bed.volumes.growVolume(ID.toString(), 3)).thenReturn(new VolumeInfo("v", "/v", 3));
    bed.stub(ResizeFlavorWorkflow.class, FLAVOR_OP).resize(TO_LARGE);
    bed.stub(ResizeVolumeWorkflow.class, VOLUME_OP).resize(TO_3_GB);
    String scheduled = VOLUME_OP + "-scheduled";
    bed.stub(ResizeVolumeWorkflow.class, scheduled)
        .resize(
            new ResizeVolumeRequest(
                scheduled,
                ID,
                "p1",
                "r",
                3,
                java.time.Instant.ofEpochMilli(bed.env.currentTimeMillis()).plusSeconds(600)));
    Path recorded = Path.of("src/test/resources/histories");
    Files.createDirectories(recorded);
    Files.writeString(
        recorded.resolve("resize-flavor.json"), bed.client().fetchHistory(FLAVOR_OP).toJson(true));
    Files.writeString(
        recorded.resolve("resize-volume.json"), bed.client().fetchHistory(VOLUME_OP).toJson(true));
    Files.writeString(
        recorded.resolve("resize-volume--scheduled.json"),
        bed.client().fetchHistory(scheduled).toJson(true));
  }
}
