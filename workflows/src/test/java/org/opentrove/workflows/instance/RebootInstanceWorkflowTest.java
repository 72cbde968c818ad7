package org.opentrove.workflows.instance;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
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
import org.opentrove.temporal.api.GuestHealth;
import org.opentrove.temporal.api.RebootInstanceRequest;
import org.opentrove.temporal.api.RebootInstanceWorkflow;

class RebootInstanceWorkflowTest {
  static final UUID ID = UUID.fromString("6f1f7a52-51a4-4c0e-9c55-1d1c4b2f3a10");
  static final String OP = "instance-reboot/" + ID + "/2d7c8a62-8a0e-4f43-9a7c-6b8a3f2e9d13";
  static final RebootInstanceRequest REQUEST =
      new RebootInstanceRequest(OP, ID, "p1", "req-1", null);

  private final WorkflowTestBed bed = new WorkflowTestBed();

  @AfterEach
  void close() {
    bed.close();
  }

  @Test
  void handsTheInstanceBackOnceAHeartbeatAfterTheRebootSaysHealthy() {
    when(bed.store.guestHealth(ID)).thenReturn(new GuestHealth("HEALTHY", 9));

    bed.stub(RebootInstanceWorkflow.class, OP).reboot(REQUEST);

    InOrder order = inOrder(bed.compute, bed.store, bed.health);
    order.verify(bed.store).recordStep(OP, "reboot-server");
    order.verify(bed.compute).rebootServer(ID.toString(), OP);
    order.verify(bed.store).recordStep(OP, "wait-for-datastore");
    order.verify(bed.health).awaitHealthyHeartbeat(ID, 9, 600);
    order.verify(bed.store).completeOperation(ID, OP);
  }

  @Test
  void aServerThatCannotRebootFailsTheOperationWithItsReason() {
    doThrow(ApplicationFailure.newNonRetryableFailure("no server", "ServerStopped"))
        .when(bed.compute)
        .rebootServer(ID.toString(), OP);

    assertThatThrownBy(() -> bed.stub(RebootInstanceWorkflow.class, OP).reboot(REQUEST))
        .isInstanceOf(WorkflowFailedException.class);

    verify(bed.store).failOperation(eq(ID), eq(OP), eq("reboot-server"), eq("no server"));
    verify(bed.store, never()).completeOperation(any(), any());
  }

  @Test
  void recordedHistoryReplays() throws Exception {
    try (var in = getClass().getResourceAsStream("/histories/reboot-instance.json")) {
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
    bed.stub(RebootInstanceWorkflow.class, OP).reboot(REQUEST);
    Path recorded = Path.of("src/test/resources/histories");
    Files.createDirectories(recorded);
    Files.writeString(
        recorded.resolve("reboot-instance.json"), bed.client().fetchHistory(OP).toJson(true));
  }
}
