package org.opentrove.workflows;

import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.util.Map;
import org.opentrove.temporal.ActivityProfile;
import org.opentrove.temporal.ActivityProfiles;
import org.opentrove.temporal.TaskQueues;
import org.opentrove.workflows.backup.BackupWait;
import org.opentrove.workflows.backup.BackupWorkflowImpl;
import org.opentrove.workflows.backup.DeleteBackupWorkflowImpl;
import org.opentrove.workflows.instance.CreateInstanceWorkflowImpl;
import org.opentrove.workflows.instance.DeleteInstanceWorkflowImpl;
import org.opentrove.workflows.instance.GuestWait;

/** Registers the instance and backup workflows and their activities on the instances queue. */
public final class InstanceWorker {
  private InstanceWorker() {}

  public static Worker register(
      WorkerFactory factory,
      WorkerOptions options,
      Map<String, ActivityProfile> profiles,
      GuestWait guestWait,
      Object... activities) {
    return register(factory, options, profiles, guestWait, BackupWait.DEFAULT, activities);
  }

  public static Worker register(
      WorkerFactory factory,
      WorkerOptions options,
      Map<String, ActivityProfile> profiles,
      GuestWait guestWait,
      BackupWait backupWait,
      Object... activities) {
    Worker worker = factory.newWorker(TaskQueues.INSTANCES, options);
    worker.registerWorkflowImplementationFactory(
        org.opentrove.temporal.api.BackupWorkflow.class,
        () -> new BackupWorkflowImpl(backupWait),
        ActivityProfiles.workflowOptions(profiles));
    worker.registerWorkflowImplementationTypes(
        ActivityProfiles.workflowOptions(profiles), DeleteBackupWorkflowImpl.class);
    worker.registerWorkflowImplementationFactory(
        org.opentrove.temporal.api.CreateInstanceWorkflow.class,
        () -> new CreateInstanceWorkflowImpl(guestWait),
        ActivityProfiles.workflowOptions(profiles));
    worker.registerWorkflowImplementationTypes(
        ActivityProfiles.workflowOptions(profiles), DeleteInstanceWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities);
    return worker;
  }
}
