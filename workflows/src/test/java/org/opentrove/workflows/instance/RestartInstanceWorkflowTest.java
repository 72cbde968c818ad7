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
import org.opentrove.model.OperationType;
import org.opentrove.temporal.WorkflowIds;
import org.opentrove.temporal.api.GuestHealth;
import org.opentrove.temporal.api.RestartInstanceRequest;
import org.opentrove.temporal.api.RestartInstanceWorkflow;

class RestartInstanceWorkflowTest {
  static final UUID ID = UUID.fromString("6f1f7a52-51a4-4c0e-9c55-1d1c4b2f3a10");
  static final String OP = "instance-restart/" + ID + "/0d7c8a62-8a0e-4f43-9a7c-6b8a3f2e9d11";
  static final RestartInstanceRequest REQUEST = new RestartInstanceRequest(OP, ID, "p1", "req-1");

  private final WorkflowTestBed bed = new WorkflowTestBed();

  @AfterEach
  void close() {
    bed.close();
  }

  @Test
  void operationIdsOfRestartsNeverCollide() {
    org.assertj.core.api.Assertions.assertThat(
            WorkflowIds.newRepeatable(OperationType.INSTANCE_RESTART, ID))
        .startsWith("instance-restart/" + ID + "/")
        .isNotEqualTo(WorkflowIds.newRepeatable(OperationType.INSTANCE_RESTART, ID));
  }

  @Test
  void handsTheInstanceBackOnceAHeartbeatAfterTheRestartSaysHealthy() {
    when(bed.store.guestHealth(ID)).thenReturn(new GuestHealth("HEALTHY", 7));

    bed.stub(RestartInstanceWorkflow.class, OP).restart(REQUEST);

    InOrder order = inOrder(bed.guest, bed.store, bed.health);
    order.verify(bed.store).recordStep(OP, "restart-datastore");
    order.verify(bed.guest).restartDatastore(eq(ID.toString()), any());
    order.verify(bed.store).recordStep(OP, "wait-for-datastore");
    order.verify(bed.store).guestHealth(ID);
    // A heartbeat after the seventh, the last one applied when the restart answered.
    order.verify(bed.health).awaitHealthyHeartbeat(ID, 7, 600);
    order.verify(bed.store).completeOperation(ID, OP);
    verify(bed.store, never()).failOperation(any(), any(), any(), any());
  }

  @Test
  void aGuestThatCannotRestartTheDatastoreFailsTheOperationWithItsReason() {
    doThrow(
            ApplicationFailure.newNonRetryableFailure(
                "restarting PostgreSQL failed: port in use", "RestartFailed"))
        .when(bed.guest)
        .restartDatastore(eq(ID.toString()), any());

    assertThatThrownBy(() -> bed.stub(RestartInstanceWorkflow.class, OP).restart(REQUEST))
        .isInstanceOf(WorkflowFailedException.class);

    verify(bed.store)
        .failOperation(eq(ID), eq(OP), eq("restart-datastore"), contains("port in use"));
    verify(bed.store, never()).completeOperation(any(), any());
  }

  @Test
  void aDatastoreThatNeverReportsHealthyAgainFailsAtTheWait() {
    when(bed.store.guestHealth(ID)).thenReturn(new GuestHealth("SHUTDOWN", 3));
    doThrow(
            ApplicationFailure.newNonRetryableFailure(
                "the guest did not report a healthy datastore within 600s (last status SHUTDOWN)",
                "GuestTimeout"))
        .when(bed.health)
        .awaitHealthyHeartbeat(ID, 3, 600);

    assertThatThrownBy(() -> bed.stub(RestartInstanceWorkflow.class, OP).restart(REQUEST))
        .isInstanceOf(WorkflowFailedException.class);

    verify(bed.store)
        .failOperation(
            eq(ID), eq(OP), eq("wait-for-datastore"), contains("did not report a healthy"));
  }

  @Test
  void recordedHistoryReplays() throws Exception {
    try (var in = getClass().getResourceAsStream("/histories/restart-instance.json")) {
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
    bed.stub(RestartInstanceWorkflow.class, OP).restart(REQUEST);
    Path recorded = Path.of("src/test/resources/histories");
    Files.createDirectories(recorded);
    Files.writeString(
        recorded.resolve("restart-instance.json"), bed.client().fetchHistory(OP).toJson(true));
  }
}
