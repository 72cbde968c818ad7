package org.opentrove.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.activity.ActivityInterface;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ActivityProfilesTest {
  @ActivityInterface
  public interface Bookkeeping {
    void record();
  }

  @WorkflowInterface
  public interface Recording {
    @WorkflowMethod
    void run();
  }

  public static class RecordingImpl implements Recording {
    private final Bookkeeping store = Workflow.newLocalActivityStub(Bookkeeping.class);

    @Override
    public void run() {
      store.record();
    }
  }

  /** A database that is down for the first attempts, as during a control-plane restart. */
  static class FlakyStore implements Bookkeeping {
    final AtomicInteger attempts = new AtomicInteger();

    @Override
    public void record() {
      if (attempts.incrementAndGet() < 4) {
        throw new IllegalStateException("This connection has been closed.");
      }
    }
  }

  @Test
  void localActivitiesWithTheDefaultProfileRetryUntilTheDatabaseIsBack() {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      Worker worker = env.newWorker("q");
      worker.registerWorkflowImplementationTypes(
          ActivityProfiles.workflowOptions(Map.of()), RecordingImpl.class);
      FlakyStore store = new FlakyStore();
      worker.registerActivitiesImplementations(store);
      env.start();

      env.getWorkflowClient()
          .newWorkflowStub(Recording.class, WorkflowOptions.newBuilder().setTaskQueue("q").build())
          .run();

      assertThat(store.attempts).hasValue(4);
    }
  }
}
