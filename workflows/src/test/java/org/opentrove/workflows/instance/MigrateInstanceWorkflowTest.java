package org.opentrove.workflows.instance;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
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
import org.opentrove.contract.RequestContext;
import org.opentrove.temporal.api.GuestHealth;
import org.opentrove.temporal.api.MigrateInstanceRequest;
import org.opentrove.temporal.api.MigrateInstanceWorkflow;

class MigrateInstanceWorkflowTest {
  static final UUID ID = UUID.fromString("0b8e3a4c-7d21-4f6a-9e35-2c8d1f4a6b70");
  static final String OP = "instance-migrate/" + ID + "/5a2e9c14-3b7d-4e8f-a6c1-9d0b2f7e4c38";
  static final MigrateInstanceRequest REQUEST =
      new MigrateInstanceRequest(OP, ID, "p1", "req-1", "compute-2");

  private final WorkflowTestBed bed = new WorkflowTestBed();

  @AfterEach
  void close() {
    bed.close();
  }

  @Test
  void stopsMovesStartsAndHandsBackOnceAHeartbeatAfterTheStartSaysHealthy() {
    when(bed.store.guestHealth(ID)).thenReturn(new GuestHealth("HEALTHY", 7));

    bed.stub(MigrateInstanceWorkflow.class, OP).migrate(REQUEST);

    InOrder order = inOrder(bed.guest, bed.compute, bed.store, bed.health);
    order.verify(bed.store).recordStep(OP, "stop-datastore");
    order.verify(bed.guest).stopDatastore(eq(ID.toString()), any(RequestContext.class));
    order.verify(bed.store).recordStep(OP, "migrate-server");
    order.verify(bed.compute).migrateServer(ID.toString(), OP, "compute-2");
    order.verify(bed.store).recordStep(OP, "restart-datastore");
    order.verify(bed.guest).restartDatastore(eq(ID.toString()), any(RequestContext.class));
    order.verify(bed.store).recordStep(OP, "wait-for-datastore");
    order.verify(bed.health).awaitHealthyHeartbeat(ID, 7, 600);
    order.verify(bed.store).completeOperation(ID, OP);
  }

  @Test
  void aMoveNovaRefusesStartsTheDatastoreAgainWhereTheServerIsAndSaysSo() {
    when(bed.store.guestHealth(ID)).thenReturn(new GuestHealth("HEALTHY", 3));
    doThrow(ApplicationFailure.newNonRetryableFailure("No valid host was found.", "NoCapacity"))
        .when(bed.compute)
        .migrateServer(ID.toString(), OP, "compute-2");

    assertThatThrownBy(() -> bed.stub(MigrateInstanceWorkflow.class, OP).migrate(REQUEST))
        .isInstanceOf(WorkflowFailedException.class);

    verify(bed.guest).restartDatastore(eq(ID.toString()), any(RequestContext.class));
    verify(bed.health).awaitHealthyHeartbeat(ID, 3, 600);
    verify(bed.store)
        .failOperation(
            eq(ID),
            eq(OP),
            eq("migrate-server"),
            contains("No valid host was found.; the datastore was started again"));
    verify(bed.store, never()).completeOperation(any(), any());
  }

  @Test
  void aDatastoreThatWillNotStopIsLeftAsItWas() {
    doThrow(ApplicationFailure.newNonRetryableFailure("guest did not answer", "GuestTimeout"))
        .when(bed.guest)
        .stopDatastore(eq(ID.toString()), any(RequestContext.class));

    assertThatThrownBy(() -> bed.stub(MigrateInstanceWorkflow.class, OP).migrate(REQUEST))
        .isInstanceOf(WorkflowFailedException.class);

    verify(bed.compute, never()).migrateServer(any(), any(), any());
    verify(bed.guest, never()).restartDatastore(any(), any());
    verify(bed.store)
        .failOperation(eq(ID), eq(OP), eq("stop-datastore"), eq("guest did not answer"));
  }

  @Test
  void recordedHistoryReplays() throws Exception {
    try (var in = getClass().getResourceAsStream("/histories/migrate-instance.json")) {
      io.temporal.testing.WorkflowReplayer.replayWorkflowExecution(
          io.temporal.common.WorkflowExecutionHistory.fromJson(
              new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)),
          bed.worker);
    }
  }

  @Test
  @EnabledIfSystemProperty(named = "trove.recordHistories", matches = "true")
  void recordHistory() throws Exception {
    when(bed.store.guestHealth(ID)).thenReturn(new GuestHealth("HEALTHY", 1));
    bed.stub(MigrateInstanceWorkflow.class, OP).migrate(REQUEST);
    Path recorded = Path.of("src/test/resources/histories");
    Files.createDirectories(recorded);
    Files.writeString(
        recorded.resolve("migrate-instance.json"), bed.client().fetchHistory(OP).toJson(true));
  }
}
