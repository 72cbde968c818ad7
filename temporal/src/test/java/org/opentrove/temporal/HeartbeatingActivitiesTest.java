package org.opentrove.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An activity that never heartbeats itself runs past its heartbeat timeout on a live worker because
 * the worker beats for it; without the interceptor the same activity times out. (A killed worker's
 * activity is retried after the timeout: WorkerKillChaosTest.)
 */
class HeartbeatingActivitiesTest {
  @ActivityInterface
  public interface Slow {
    int work();
  }

  @WorkflowInterface
  public interface Runs {
    @WorkflowMethod
    int run();
  }

  public static class RunsImpl implements Runs {
    private final Slow slow =
        Workflow.newActivityStub(
            Slow.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setHeartbeatTimeout(Duration.ofSeconds(1))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());

    @Override
    public int run() {
      return slow.work();
    }
  }

  /** Three heartbeat timeouts of work without a heartbeat; answers its attempt. */
  public static class SlowImpl implements Slow {
    @Override
    public int work() {
      try {
        Thread.sleep(3000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Activity.getExecutionContext().getInfo().getAttempt();
    }
  }

  @Test
  void theWorkerBeatsForAnActivityThatDoesNotBeatItself() {
    assertThat(run(new TemporalConfig().workerFactoryOptions())).isEqualTo(1);
  }

  @Test
  void withoutTheBeatsTheSameActivityTimesOut() {
    assertThatThrownBy(() -> run(WorkerFactoryOptions.getDefaultInstance()))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOf(TimeoutFailure.class);
  }

  private static int run(WorkerFactoryOptions factory) {
    TestEnvironmentOptions options =
        TestEnvironmentOptions.newBuilder()
            .setWorkerFactoryOptions(factory)
            .setUseTimeskipping(false)
            .build();
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(options)) {
      Worker worker = env.newWorker("q");
      worker.registerWorkflowImplementationTypes(RunsImpl.class);
      worker.registerActivitiesImplementations(new SlowImpl());
      env.start();
      return env.getWorkflowClient()
          .newWorkflowStub(Runs.class, WorkflowOptions.newBuilder().setTaskQueue("q").build())
          .run();
    }
  }
}
