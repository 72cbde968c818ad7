package org.opentrove.conductor;

import com.codahale.metrics.MetricRegistry;
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
import org.jdbi.v3.core.Jdbi;
import org.opentrove.contract.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code trove-conductor}: heartbeats and backup reports. The broker's consumer thread
 * only queues deliveries; one applier thread takes what has arrived, up to a batch, applies it in
 * one transaction and acknowledges it only after the commit. A crash before the ack redelivers the
 * batch, and the stale-message guard makes re-applying harmless. A message that cannot be decoded
 * or applied goes to the dead-letter queue instead of holding up its batch ({@link
 * BatchProcessor}), and so does a report whose broker-validated sender is not the instance it names
 * ({@link SenderCheck}).
 */
public final class Conductor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Conductor.class);

  private final Connection connection;
  private final Topology topology;
  private final ConductorConfig config;
  private final DeadLetters deadLetters;
  private final BatchProcessor processor;
  private final BlockingQueue<Delivery> inbox = new LinkedBlockingQueue<>();
  private volatile boolean running = true;
  private Channel channel;
  private Thread applier;

  public Conductor(
      Connection connection,
      Topology topology,
      ConductorConfig config,
      Jdbi jdbi,
      WorkflowClient workflows,
      Clock clock,
      String controlPlaneUser) {
    this(
        connection,
        topology,
        config,
        jdbi,
        workflows,
        clock,
        controlPlaneUser,
        new MetricRegistry());
  }

  /** As above, measured in {@code metrics} ({@link ConductorMetrics}). */
  public Conductor(
      Connection connection,
      Topology topology,
      ConductorConfig config,
      Jdbi jdbi,
      WorkflowClient workflows,
      Clock clock,
      String controlPlaneUser,
      MetricRegistry metrics) {
    this.connection = connection;
    this.topology = topology;
    this.config = config;
    this.deadLetters = new DeadLetters(connection, topology);
    WorkflowSignaller signaller = new WorkflowSignaller(workflows);
    this.processor =
        new BatchProcessor(
            new GuestReportDecoder(new SenderCheck(controlPlaneUser)),
            new ReportApplier(jdbi, clock),
            deadLetters,
            signaller::signal,
            new ConductorMetrics(metrics));
  }

  public void start() throws IOException {
    channel = connection.createChannel();
    topology.declareConductorQueue(channel);
    topology.declareConductorDeadLetterQueue(channel);
    channel.basicQos(config.prefetch);
    channel.basicConsume(
        topology.conductorQueue(),
        false,
        "conductor",
        (tag, message) ->
            inbox.add(
                new Delivery(
                    message.getEnvelope().getDeliveryTag(),
                    message.getBody(),
                    message.getProperties().getUserId())),
        tag -> {});
    applier = new Thread(this::applyLoop, "conductor-applier");
    applier.start();
    LOG.info("conductor consuming {}", topology.conductorQueue());
  }

  /** Messages applied since start (for benchmarks and tests). */
  public long appliedCount() {
    return processor.appliedCount();
  }

  /** Messages moved to the dead-letter queue since start. */
  public long deadLetteredCount() {
    return deadLetters.count();
  }

  private void applyLoop() {
    List<Delivery> batch = new ArrayList<>(config.batchSize);
    while (running) {
      BatchAcks acks = null;
      try {
        Delivery first = inbox.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        inbox.drainTo(batch, config.batchSize - 1);
        acks = new BatchAcks(channel, batch);
        processUntilSettled(batch, acks);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException | IOException e) {
        LOG.warn(
            "conductor batch of {} failed, will be redelivered: {}",
            batch.size(),
            DatabaseFailures.describe(e));
        if (acks != null) {
          acks.requeueRest();
        }
        sleepQuietly(500);
      } finally {
        batch.clear();
      }
    }
  }

  /**
   * Through a database outage the batch stays in hand, unacknowledged, and is applied again until
   * the database is back: what arrived after it waits behind it, so no guest's later report is
   * applied before an earlier one (a requeued batch would come back behind them). What the batch
   * settled before the outage (dead letters, messages applied one by one) is not applied again.
   */
  private void processUntilSettled(List<Delivery> batch, BatchAcks acks)
      throws IOException, InterruptedException {
    List<Delivery> pending = batch;
    boolean waiting = false;
    while (true) {
      try {
        processor.process(pending, acks);
        if (waiting) {
          LOG.info("conductor: the database is back; a batch of {} applied", pending.size());
        }
        return;
      } catch (RuntimeException e) {
        if (!running || !DatabaseFailures.isTransient(e)) {
          throw e;
        }
        if (!waiting) {
          LOG.warn(
              "conductor batch of {} waits for the database: {}",
              pending.size(),
              DatabaseFailures.describe(e));
          waiting = true;
        }
        Thread.sleep(500);
        pending = acks.unsettledOf(pending);
      }
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
    deadLetters.close();
  }
}
