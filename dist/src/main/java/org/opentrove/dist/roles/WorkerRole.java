package org.opentrove.dist.roles;

import io.dropwizard.lifecycle.Managed;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.opentrove.activities.compute.LocalComputeActivities;
import org.opentrove.activities.guest.GuestActivitiesImpl;
import org.opentrove.activities.guest.GuestRpcClient;
import org.opentrove.activities.store.InstanceStoreActivitiesImpl;
import org.opentrove.activities.volume.LocalVolumeActivities;
import org.opentrove.dist.Infrastructure;
import org.opentrove.dist.TroveConfiguration;
import org.opentrove.workflows.InstanceWorker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Polls the instance task queue: runs workflows and their activities. */
public final class WorkerRole implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerRole.class);

  private final TroveConfiguration config;
  private final Infrastructure infra;
  private WorkerFactory factory;
  private GuestRpcClient rpc;

  public WorkerRole(TroveConfiguration config, Infrastructure infra) {
    this.config = config;
    this.infra = infra;
  }

  @Override
  public void start() throws IOException {
    if (!"local".equals(config.compute.driver)) {
      throw new IllegalArgumentException("unsupported compute driver: " + config.compute.driver);
    }
    Clock clock = Clock.systemUTC();
    rpc = new GuestRpcClient(infra.amqp(), config.amqp.topology(), clock);
    factory = WorkerFactory.newInstance(infra.workflowClient());
    InstanceWorker.register(
        factory,
        config.temporal.workerOptions(),
        config.temporal.activityProfiles,
        Duration.ofSeconds(config.temporal.guestReadyTimeoutSeconds),
        new LocalComputeActivities(config.compute.local, config.amqp),
        new LocalVolumeActivities(config.compute.local),
        new GuestActivitiesImpl(rpc, Duration.ofSeconds(config.guestCallTimeoutSeconds)),
        new InstanceStoreActivitiesImpl(infra.jdbi(), clock));
    factory.start();
    LOG.info("worker polling");
  }

  @Override
  public void stop() {
    if (factory != null) {
      factory.shutdown();
      factory.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    }
    if (rpc != null) {
      rpc.close();
    }
  }
}
