package org.opentrove.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.activity.ActivityInterface;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** {@code temporal.activityReportDelayMillis}: what the worker-kill chaos test relies on. */
class DelayedActivityReportsTest {
  private static final Duration DELAY = Duration.ofMillis(1500);

  @ActivityInterface
  public interface Ticks {
    void tick(String name);
  }

  @WorkflowInterface
  public interface Ticking {
    @WorkflowMethod
    void run();
  }

  /** Two local activities back to back, then an activity, then a local activity again. */
  public static class TickingImpl implements Ticking {
    private final Ticks local = Workflow.newLocalActivityStub(Ticks.class);
    private final Ticks remote = Workflow.newActivityStub(Ticks.class);

    @Override
    public void run() {
      local.tick("local-1");
      local.tick("local-2");
      remote.tick("remote");
      local.tick("after-remote");
    }
  }

  /** When each tick's work was done. */
  static class Clock implements Ticks {
    final Map<String, Long> done = new ConcurrentHashMap<>();

    @Override
    public void tick(String name) {
      done.put(name, System.nanoTime());
    }

    Duration between(String first, String second) {
      return Duration.ofNanos(done.get(second) - done.get(first));
    }
  }

  @Test
  void anActivityReportsOnlyAfterTheDelayAndLocalActivitiesAreNotDelayed() {
    TemporalConfig config = new TemporalConfig();
    config.activityReportDelayMillis = DELAY.toMillis();
    TestEnvironmentOptions options =
        TestEnvironmentOptions.newBuilder()
            .setWorkerFactoryOptions(config.workerFactoryOptions())
            .build();
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(options)) {
      Worker worker = env.newWorker("q");
      worker.registerWorkflowImplementationTypes(
          ActivityProfiles.workflowOptions(Map.of()), TickingImpl.class);
      Clock clock = new Clock();
      worker.registerActivitiesImplementations(clock);
      env.start();

      env.getWorkflowClient()
          .newWorkflowStub(Ticking.class, WorkflowOptions.newBuilder().setTaskQueue("q").build())
          .run();

      assertThat(clock.between("remote", "after-remote")).isGreaterThanOrEqualTo(DELAY);
      assertThat(clock.between("local-1", "local-2")).isLessThan(DELAY);
    }
  }

  @Test
  void noDelayIsConfiguredByDefault() {
    assertThat(new TemporalConfig().workerFactoryOptions().getWorkerInterceptors())
        .noneMatch(DelayedActivityReports.class::isInstance);
  }
}
