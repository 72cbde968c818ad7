package org.opentrove.workflows.instance;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.Map;
import org.opentrove.temporal.ActivityProfile;
import org.opentrove.temporal.TaskQueues;
import org.opentrove.temporal.activities.compute.ComputeActivities;
import org.opentrove.temporal.activities.guest.GuestActivities;
import org.opentrove.temporal.activities.objects.ObjectStoreActivities;
import org.opentrove.temporal.activities.store.BackupStoreActivities;
import org.opentrove.temporal.activities.store.ClusterStoreActivities;
import org.opentrove.temporal.activities.store.GuestHealthActivities;
import org.opentrove.temporal.activities.store.InstanceStoreActivities;
import org.opentrove.temporal.activities.volume.VolumeActivities;
import org.opentrove.workflows.InstanceWorker;
import org.opentrove.workflows.backup.BackupWait;

/** Temporal's time-skipping test environment with every activity mocked. */
final class WorkflowTestBed implements AutoCloseable {
  final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  final ComputeActivities compute =
      mock(ComputeActivities.class, withSettings().withoutAnnotations());
  final VolumeActivities volumes =
      mock(VolumeActivities.class, withSettings().withoutAnnotations());
  final GuestActivities guest = mock(GuestActivities.class, withSettings().withoutAnnotations());
  final InstanceStoreActivities store =
      mock(InstanceStoreActivities.class, withSettings().withoutAnnotations());

  final GuestHealthActivities health =
      mock(GuestHealthActivities.class, withSettings().withoutAnnotations());

  final BackupStoreActivities backups =
      mock(BackupStoreActivities.class, withSettings().withoutAnnotations());
  final ObjectStoreActivities objects =
      mock(ObjectStoreActivities.class, withSettings().withoutAnnotations());
  final ClusterStoreActivities clusters =
      mock(ClusterStoreActivities.class, withSettings().withoutAnnotations());

  final Worker worker;

  WorkflowTestBed() {
    Map<String, ActivityProfile> fastRetries =
        Map.of("default", fast(), "short", fast(), "compute", fast());
    worker =
        InstanceWorker.register(
            env.getWorkerFactory(),
            WorkerOptions.getDefaultInstance(),
            fastRetries,
            GuestWait.DEFAULT,
            new BackupWait(Duration.ofHours(1), Duration.ofSeconds(10)),
            compute,
            volumes,
            guest,
            store,
            backups,
            objects,
            health,
            clusters);
    env.start();
  }

  private static ActivityProfile fast() {
    ActivityProfile profile = new ActivityProfile(10, 0, 3);
    profile.initialIntervalSeconds = 0.01;
    profile.maximumIntervalSeconds = 0.01;
    return profile;
  }

  WorkflowClient client() {
    return env.getWorkflowClient();
  }

  <T> T stub(Class<T> type, String workflowId) {
    return client()
        .newWorkflowStub(
            type,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(TaskQueues.INSTANCES)
                .build());
  }

  @Override
  public void close() {
    env.close();
  }
}
