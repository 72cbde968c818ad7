package org.opentrove.conductor;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.contract.BackupUpdate;
import org.opentrove.contract.Topology;
import org.opentrove.temporal.api.GuestStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code trove-conductor}: heartbeats (and, later, backup and operation results). The
 * broker's consumer thread only queues deliveries; one applier thread takes what has arrived, up to
 * a batch, applies it in one transaction and acknowledges it only after the commit. A crash before
 * the ack redelivers the batch, and the stale-message guard makes re-applying harmless.
 */
public final class Conductor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Conductor.class);

  private final Connection connection;
  private final Topology topology;
  private final ConductorConfig config;
  private final HeartbeatBatchHandler handler;
  private final WorkflowSignaller signaller;
  private final BackupUpdateHandler backupHandler;
  private final BlockingQueue<Delivery> inbox = new LinkedBlockingQueue<>();
  private final AtomicLong applied = new AtomicLong();
  private volatile boolean running = true;
  private Channel channel;
  private Thread applier;

  public Conductor(
      Connection connection,
      Topology topology,
      ConductorConfig config,
      Jdbi jdbi,
      WorkflowClient workflows,
      Clock clock) {
    this.connection = connection;
    this.topology = topology;
    this.config = config;
    this.handler = new HeartbeatBatchHandler(jdbi, clock);
    this.backupHandler = new BackupUpdateHandler(jdbi, clock);
    this.signaller = new WorkflowSignaller(workflows);
  }

  public void start() throws IOException {
    channel = connection.createChannel();
    topology.declareConductorQueue(channel);
    channel.basicQos(config.prefetch);
    channel.basicConsume(
        topology.conductorQueue(),
        false,
        "conductor",
        (tag, message) ->
            inbox.add(new Delivery(message.getEnvelope().getDeliveryTag(), message.getBody())),
        tag -> {});
    applier = new Thread(this::applyLoop, "conductor-applier");
    applier.start();
    LOG.info("conductor consuming {}", topology.conductorQueue());
  }

  /** Messages applied since start (for benchmarks and tests). */
  public long appliedCount() {
    return applied.get();
  }

  private void applyLoop() {
    List<Delivery> batch = new ArrayList<>(config.batchSize);
    while (running) {
      try {
        Delivery first = inbox.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        inbox.drainTo(batch, config.batchSize - 1);
        applyAndAck(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException | IOException e) {
        LOG.warn(
            "conductor batch of {} failed, will be redelivered: {}", batch.size(), e.toString());
        requeue(batch);
        sleepQuietly(500);
      } finally {
        batch.clear();
      }
    }
  }

  private void applyAndAck(List<Delivery> batch) throws IOException {
    List<HeartbeatBatchHandler.Applied> building = handler.apply(batch);
    List<BackupUpdate> finishedBackups = backupHandler.apply(batch);
    long lastTag = batch.get(batch.size() - 1).tag();
    channel.basicAck(lastTag, true);
    applied.addAndGet(batch.size());
    for (HeartbeatBatchHandler.Applied beat : building) {
      signaller.guestStatus(
          beat.instanceId(),
          new GuestStatus(beat.heartbeat().serviceStatus(), beat.heartbeat().message()));
    }
    finishedBackups.forEach(signaller::backupFinished);
  }

  private void requeue(List<Delivery> batch) {
    if (batch.isEmpty() || !channel.isOpen()) {
      return; // a closed channel returns unacknowledged deliveries to the queue by itself
    }
    try {
      channel.basicNack(batch.get(batch.size() - 1).tag(), true, true);
    } catch (IOException e) {
      LOG.warn("cannot requeue a failed batch: {}", e.toString());
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    running = false;
    if (applier != null) {
      applier.interrupt();
      try {
        applier.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      if (channel != null && channel.isOpen()) {
        channel.close();
      }
    } catch (IOException | TimeoutException e) {
      LOG.debug("conductor channel close: {}", e.toString());
    }
  }
}
