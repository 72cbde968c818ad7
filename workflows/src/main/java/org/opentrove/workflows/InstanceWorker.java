package org.opentrove.workflows;

import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import io.temporal.worker.WorkflowImplementationOptions;
import java.util.Map;
import org.opentrove.model.OperationType;
import org.opentrove.temporal.ActivityProfile;
import org.opentrove.temporal.ActivityProfiles;
import org.opentrove.temporal.TaskQueues;
import org.opentrove.temporal.api.BackupWorkflow;
import org.opentrove.temporal.api.CreateInstanceWorkflow;
import org.opentrove.temporal.api.MigrateInstanceWorkflow;
import org.opentrove.temporal.api.RebootInstanceWorkflow;
import org.opentrove.temporal.api.ResizeFlavorWorkflow;
import org.opentrove.temporal.api.RestartInstanceWorkflow;
import org.opentrove.workflows.backup.BackupWait;
import org.opentrove.workflows.backup.BackupWorkflowImpl;
import org.opentrove.workflows.backup.DeleteBackupWorkflowImpl;
import org.opentrove.workflows.cluster.CreateClusterWorkflowImpl;
import org.opentrove.workflows.cluster.DeleteClusterWorkflowImpl;
import org.opentrove.workflows.cluster.GrowClusterWorkflowImpl;
import org.opentrove.workflows.cluster.RestartClusterWorkflowImpl;
import org.opentrove.workflows.cluster.ShrinkClusterWorkflowImpl;
import org.opentrove.workflows.instance.CreateInstanceWorkflowImpl;
import org.opentrove.workflows.instance.DeleteInstanceWorkflowImpl;
import org.opentrove.workflows.instance.GuestWait;
import org.opentrove.workflows.migrate.MigrateInstanceWorkflowImpl;
import org.opentrove.workflows.reboot.RebootInstanceWorkflowImpl;
import org.opentrove.workflows.replica.DetachReplicaWorkflowImpl;
import org.opentrove.workflows.replica.EjectSourceWorkflowImpl;
import org.opentrove.workflows.replica.PromoteReplicaWorkflowImpl;
import org.opentrove.workflows.replica.RejoinSetWorkflowImpl;
import org.opentrove.workflows.resize.ResizeFlavorWorkflowImpl;
import org.opentrove.workflows.resize.ResizeVolumeWorkflowImpl;
import org.opentrove.workflows.restart.RestartInstanceWorkflowImpl;

/**
 * Registers every operation's workflow (an exhaustive switch over {@link OperationType}: a new type
 * that has no workflow here does not compile) and the activities, on the instances queue.
 */
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
    WorkflowImplementationOptions workflowOptions =
        ActivityProfiles.workflowOptions(profiles, activities);
    for (OperationType type : OperationType.values()) {
      // A switch expression, so the compiler insists on every type.
      Runnable registration =
          switch (type) {
            case INSTANCE_CREATE ->
                () ->
                    worker.registerWorkflowImplementationFactory(
                        CreateInstanceWorkflow.class,
                        () -> new CreateInstanceWorkflowImpl(guestWait),
                        workflowOptions);
            case INSTANCE_DELETE ->
                () ->
                    worker.registerWorkflowImplementationTypes(
                        workflowOptions, DeleteInstanceWorkflowImpl.class);
            case INSTANCE_RESTART ->
                () ->
                    worker.registerWorkflowImplementationFactory(
                        RestartInstanceWorkflow.class,
                        () -> new RestartInstanceWorkflowImpl(guestWait),
                        workflowOptions);
            case INSTANCE_REBOOT ->
                () ->
                    worker.registerWorkflowImplementationFactory(
                        RebootInstanceWorkflow.class,
                        () -> new RebootInstanceWorkflowImpl(guestWait),
                        workflowOptions);
            case INSTANCE_MIGRATE ->
                () ->
                    worker.registerWorkflowImplementationFactory(
                        MigrateInstanceWorkflow.class,
                        () -> new MigrateInstanceWorkflowImpl(guestWait),
                        workflowOptions);
            case INSTANCE_EJECT_SOURCE ->
                () ->
                    worker.registerWorkflowImplementationTypes(
                        workflowOptions, EjectSourceWorkflowImpl.class);
            case INSTANCE_PROMOTE_REPLICA ->
                () ->
                    worker.registerWorkflowImplementationTypes(
                        workflowOptions, PromoteReplicaWorkflowImpl.class);
            case INSTANCE_REJOIN_SET ->
                () ->
                    worker.registerWorkflowImplementationTypes(
                        workflowOptions, RejoinSetWorkflowImpl.class);
            case INSTANCE_DETACH_REPLICA ->
                () ->
                    worker.registerWorkflowImplementationTypes(
                        workflowOptions, DetachReplicaWorkflowImpl.class);
            case INSTANCE_RESIZE_VOLUME ->
                () ->
                    worker.registerWorkflowImplementationTypes(
                        workflowOptions, ResizeVolumeWorkflowImpl.class);
            case INSTANCE_RESIZE_FLAVOR ->
                () ->
                    worker.registerWorkflowImplementationFactory(
                        ResizeFlavorWorkflow.class,
                        () -> new ResizeFlavorWorkflowImpl(guestWait),
                        workflowOptions);
            case BACKUP_CREATE ->
                () ->
                    worker.registerWorkflowImplementationFactory(
                        BackupWorkflow.class,
                        () -> new BackupWorkflowImpl(backupWait),
                        workflowOptions);
            case BACKUP_DELETE ->
                () ->
                    worker.registerWorkflowImplementationTypes(
                        workflowOptions, DeleteBackupWorkflowImpl.class);
            case CLUSTER_CREATE ->
                () ->
                    worker.registerWorkflowImplementationTypes(
                        workflowOptions, CreateClusterWorkflowImpl.class);
            case CLUSTER_GROW ->
                () ->
                    worker.registerWorkflowImplementationTypes(
                        workflowOptions, GrowClusterWorkflowImpl.class);
            case CLUSTER_SHRINK ->
                () ->
                    worker.registerWorkflowImplementationTypes(
                        workflowOptions, ShrinkClusterWorkflowImpl.class);
            case CLUSTER_RESTART ->
                () ->
                    worker.registerWorkflowImplementationTypes(
                        workflowOptions, RestartClusterWorkflowImpl.class);
            case CLUSTER_DELETE ->
                () ->
                    worker.registerWorkflowImplementationTypes(
                        workflowOptions, DeleteClusterWorkflowImpl.class);
            case INSTANCE_RESET_STATUS, INSTANCE_RESET_TASK, INSTANCE_STOP, INSTANCE_UPDATE ->
                () -> {}; // recorded by the API
          };
      registration.run();
    }
    worker.registerActivitiesImplementations(activities);
    return worker;
  }
}
