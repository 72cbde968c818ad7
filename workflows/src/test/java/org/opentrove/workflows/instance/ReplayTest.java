package org.opentrove.workflows.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.internal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.opentrove.contract.ServiceStatus;
import org.opentrove.temporal.activities.compute.ServerInfo;
import org.opentrove.temporal.activities.volume.VolumeInfo;
import org.opentrove.temporal.api.CreateInstanceResult;
import org.opentrove.temporal.api.CreateInstanceWorkflow;
import org.opentrove.temporal.api.DeleteInstanceRequest;
import org.opentrove.temporal.api.DeleteInstanceWorkflow;
import org.opentrove.temporal.api.GuestStatus;

/**
 * Replays checked-in histories against today's workflow code: a change that would break running
 * workflows fails here. Re-record (only for a deliberate, versioned change) with {@code mvn test
 * -pl workflows -Dtest=ReplayTest -Dtrove.recordHistories=true}.
 */
class ReplayTest {
  private static final Path RECORDED = Path.of("src/test/resources/histories");

  @Test
  void createInstanceHistoryReplays() throws Exception {
    replay("create-instance.json");
  }

  @Test
  void deleteInstanceHistoryReplays() throws Exception {
    replay("delete-instance.json");
  }

  /** Replays on a worker registered exactly as production registers it (same options). */
  private static void replay(String file) throws Exception {
    try (WorkflowTestBed bed = new WorkflowTestBed()) {
      WorkflowReplayer.replayWorkflowExecution(
          WorkflowExecutionHistory.fromJson(history(file)), bed.worker);
    }
  }

  @Test
  @EnabledIfSystemProperty(named = "trove.recordHistories", matches = "true")
  void recordHistories() throws Exception {
    try (WorkflowTestBed bed = new WorkflowTestBed()) {
      when(bed.volumes.createVolume(anyString(), anyInt()))
          .thenReturn(new VolumeInfo("v", "/data/v", 1));
      when(bed.compute.createServer(any())).thenReturn(new ServerInfo("s", "127.0.0.1", 15432));
      CreateInstanceWorkflow create =
          bed.stub(CreateInstanceWorkflow.class, CreateInstanceWorkflowTest.OP);
      WorkflowClient.start(create::create, CreateInstanceWorkflowTest.request());
      create.guestStatus(new GuestStatus(ServiceStatus.HEALTHY, null));
      assertThat(WorkflowStub.fromTyped(create).getResult(CreateInstanceResult.class)).isNotNull();
      save(bed, CreateInstanceWorkflowTest.OP, "create-instance.json");

      String deleteId = DeleteInstanceWorkflowTest.OP;
      bed.stub(DeleteInstanceWorkflow.class, deleteId)
          .delete(new DeleteInstanceRequest(deleteId, DeleteInstanceWorkflowTest.ID, "p1", "req"));
      save(bed, deleteId, "delete-instance.json");
    }
  }

  private static void save(WorkflowTestBed bed, String workflowId, String file) throws IOException {
    Files.createDirectories(RECORDED);
    Files.writeString(RECORDED.resolve(file), bed.client().fetchHistory(workflowId).toJson(true));
  }

  private static String history(String file) throws IOException {
    try (InputStream in = ReplayTest.class.getResourceAsStream("/histories/" + file)) {
      if (in == null) {
        throw new IllegalStateException("missing recorded history " + file + "; see class docs");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
