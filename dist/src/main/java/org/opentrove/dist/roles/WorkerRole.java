package org.opentrove.dist.roles;

import io.dropwizard.lifecycle.Managed;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.opentrove.activities.bus.GuestBusAccess;
import org.opentrove.activities.compute.GuestSettingsFile;
import org.opentrove.activities.compute.InstanceOwnership;
import org.opentrove.activities.compute.LocalComputeActivities;
import org.opentrove.activities.compute.LocalOrphanReaper;
import org.opentrove.activities.compute.OrphanReaper;
import org.opentrove.activities.compute.nova.NovaComputeActivities;
import org.opentrove.activities.compute.nova.NovaComputeConfig;
import org.opentrove.activities.compute.nova.NovaOrphanReaper;
import org.opentrove.activities.compute.nova.VersionImages;
import org.opentrove.activities.guest.GuestActivitiesImpl;
import org.opentrove.activities.objects.ObjectStoreActivitiesImpl;
import org.opentrove.activities.openstack.OpenStackSession;
import org.opentrove.activities.store.BackupStoreActivitiesImpl;
import org.opentrove.activities.store.GuestHealthActivitiesImpl;
import org.opentrove.activities.store.InstanceStoreActivitiesImpl;
import org.opentrove.activities.volume.CinderVolumeActivities;
import org.opentrove.activities.volume.LocalVolumeActivities;
import org.opentrove.activities.volume.VolumeMountCheck;
import org.opentrove.contract.rpc.GuestRpcClient;
import org.opentrove.dist.Infrastructure;
import org.opentrove.dist.TroveConfiguration;
import org.opentrove.objects.ObjectStores;
import org.opentrove.temporal.activities.compute.ComputeActivities;
import org.opentrove.temporal.activities.volume.VolumeActivities;
import org.opentrove.workflows.InstanceWorker;
import org.opentrove.workflows.backup.BackupWait;
import org.opentrove.workflows.instance.GuestWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Polls the instance task queue: runs workflows and their activities. */
public final class WorkerRole implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerRole.class);

  private final TroveConfiguration config;
  private final Infrastructure infra;
  private WorkerFactory factory;
  private GuestRpcClient rpc;
  private ScheduledExecutorService reaperSchedule;

  public WorkerRole(TroveConfiguration config, Infrastructure infra) {
    this.config = config;
    this.infra = infra;
  }

  @Override
  public void start() throws IOException {
    Clock clock = Clock.systemUTC();
    rpc = new GuestRpcClient(infra.amqp(), config.amqp.topology(), clock);
    GuestBusAccess access = GuestBus.access(config);
    ComputeActivities compute;
    VolumeActivities volumes;
    switch (config.compute.driver) {
      case "local" -> {
        VolumeMountCheck.verify(config.compute.local);
        LocalComputeActivities local =
            new LocalComputeActivities(
                config.compute.local, config.amqp, GuestBus.credentials(config), config.backups);
        LocalVolumeActivities localVolumes = new LocalVolumeActivities(config.compute.local);
        compute = local;
        volumes = localVolumes;
        startOrphanReaper(
            new LocalOrphanReaper(
                config.compute.local,
                ownership(clock, config.compute.local.orphanGraceSeconds),
                local,
                localVolumes,
                rpc,
                access),
            config.compute.local.orphanCheckSeconds);
      }
      case "nova" -> {
        NovaComputeConfig nova = config.compute.nova;
        OpenStackSession session = new OpenStackSession(nova.openstack);
        NovaComputeActivities novaCompute =
            new NovaComputeActivities(
                nova,
                session,
                new GuestSettingsFile(
                    config.amqp,
                    GuestBus.credentials(config),
                    config.backups,
                    nova.heartbeatIntervalSeconds),
                VersionImages.fromStore(infra.jdbi()));
        CinderVolumeActivities cinder = new CinderVolumeActivities(nova, session);
        compute = novaCompute;
        volumes = cinder;
        startOrphanReaper(
            new NovaOrphanReaper(
                novaCompute, cinder, ownership(clock, nova.orphanGraceSeconds), rpc, access),
            nova.orphanCheckSeconds);
        LOG.info("compute: Nova and Cinder as {}", nova.openstack);
      }
      default ->
          throw new IllegalArgumentException(
              "unsupported compute driver: " + config.compute.driver + " (local or nova)");
    }
    factory =
        WorkerFactory.newInstance(
            infra.workflowClient(), config.temporal.workerFactoryOptions(infra.metrics()));
    InstanceWorker.register(
        factory,
        config.temporal.workerOptions(),
        config.temporal.activityProfiles,
        new GuestWait(
            Duration.ofSeconds(config.temporal.guestReadyTimeoutSeconds),
            Duration.ofSeconds(config.temporal.guestLivenessCheckSeconds)),
        new BackupWait(
            Duration.ofSeconds(config.temporal.backupTimeoutSeconds),
            Duration.ofSeconds(config.temporal.guestLivenessCheckSeconds)),
        compute,
        volumes,
        new GuestActivitiesImpl(rpc, access, Duration.ofSeconds(config.guestCallTimeoutSeconds)),
        new InstanceStoreActivitiesImpl(infra.jdbi(), clock),
        new org.opentrove.activities.store.ClusterStoreActivitiesImpl(infra.jdbi(), clock),
        new BackupStoreActivitiesImpl(infra.jdbi(), clock),
        new GuestHealthActivitiesImpl(infra.jdbi(), clock),
        new ObjectStoreActivitiesImpl(ObjectStores.open(config.backups)));
    factory.start();
    LOG.info("worker polling");
  }

  private InstanceOwnership ownership(Clock clock, int graceSeconds) {
    return new InstanceOwnership(infra.jdbi(), clock, Duration.ofSeconds(graceSeconds));
  }

  private void startOrphanReaper(OrphanReaper reaper, long period) {
    reaperSchedule =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "orphan-reaper");
              thread.setDaemon(true);
              return thread;
            });
    reaperSchedule.scheduleWithFixedDelay(
        () -> {
          try {
            reaper.reap();
          } catch (IOException | RuntimeException e) {
            LOG.warn("orphan check failed, will retry: {}", e.toString());
          }
        },
        period,
        period,
        TimeUnit.SECONDS);
  }

  @Override
  public void stop() {
    if (reaperSchedule != null) {
      reaperSchedule.shutdownNow();
    }
    if (factory != null) {
      factory.shutdown();
      factory.awaitTermination(10, TimeUnit.SECONDS);
    }
    if (rpc != null) {
      rpc.close();
    }
  }
}
