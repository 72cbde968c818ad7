package org.opentrove.workflows.instance;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.verify;

import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;
import org.opentrove.temporal.WorkflowIds;
import org.opentrove.temporal.api.DeleteInstanceRequest;
import org.opentrove.temporal.api.DeleteInstanceWorkflow;

class DeleteInstanceWorkflowTest {
  static final UUID ID = UUID.fromString("0b7c2c39-3a5e-4f64-8f55-5a3b4c1d2e02");
  static final String OP = WorkflowIds.instanceDelete(ID);

  private final WorkflowTestBed bed = new WorkflowTestBed();

  @AfterEach
  void close() {
    bed.close();
  }

  @Test
  void removesServerVolumeAndQueueThenMarksDeleted() {
    bed.stub(DeleteInstanceWorkflow.class, OP)
        .delete(new DeleteInstanceRequest(OP, ID, "p1", "req"));

    InOrder order = inOrder(bed.guest, bed.compute, bed.volumes, bed.store);
    order.verify(bed.guest).stopDatastore(eq(ID.toString()), any());
    order.verify(bed.compute).deleteServer(ID.toString());
    order.verify(bed.volumes).deleteVolume(ID.toString());
    order.verify(bed.guest).deleteQueue(ID.toString());
    order.verify(bed.store).completeDelete(ID, OP);
  }

  @Test
  void aGuestThatDoesNotAnswerDoesNotBlockDeletion() {
    doThrow(new IllegalStateException("guest gone"))
        .when(bed.guest)
        .stopDatastore(anyString(), any());

    bed.stub(DeleteInstanceWorkflow.class, OP)
        .delete(new DeleteInstanceRequest(OP, ID, "p1", "req"));

    verify(bed.compute).deleteServer(ID.toString());
    verify(bed.store).completeDelete(ID, OP);
  }
}
