package org.opentrove.guest.rpc;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.opentrove.contract.ConductorMethods;
import org.opentrove.contract.Envelope;
import org.opentrove.contract.Heartbeat;
import org.opentrove.contract.RequestContext;
import org.opentrove.contract.Topology;
import org.opentrove.contract.VolumeUsage;
import org.opentrove.contract.Wire;
import org.opentrove.guest.GuestStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the guest's status to the conductor every interval, and at once after a status change
 * ({@link #beatNow()}). All beats run on one thread, which also owns the channel. Beats are
 * persistent and published with confirms; each carries a sequence number that moves on only when
 * the broker confirmed the previous one, so the conductor can count confirmed beats that never
 * reached the database. A beat that cannot be published (broker down) is not counted; the next
 * period tries again on the recovered connection.
 */
public final class Heartbeater implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Heartbeater.class);
  private static final long FAILURE_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final Connection connection;
  private final Topology topology;
  private final String instanceId;
  private final String brokerUser;
  private final Duration interval;
  private final Supplier<GuestStatus> status;
  private final Supplier<VolumeUsage> volume;
  private final Clock clock;
  private final ScheduledExecutorService executor;
  private volatile Channel channel;
  private long nextSeq = 1;
  private long lastFailureLogged;
  private boolean failing;

  public Heartbeater(
      Connection connection,
      Topology topology,
      String instanceId,
      String brokerUser,
      Duration interval,
      Supplier<GuestStatus> status,
      Clock clock) {
    this(connection, topology, instanceId, brokerUser, interval, status, () -> null, clock);
  }

  /** Beats that also carry how full the volume is ({@code volume} may answer null). */
  public Heartbeater(
      Connection connection,
      Topology topology,
      String instanceId,
      String brokerUser,
      Duration interval,
      Supplier<GuestStatus> status,
      Supplier<VolumeUsage> volume,
      Clock clock) {
    this.connection = connection;
    this.topology = topology;
    this.instanceId = instanceId;
    this.brokerUser = brokerUser;
    this.interval = interval;
    this.status = status;
    this.volume = volume;
    this.clock = clock;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "heartbeat");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Checks the conductor exchange is there and starts beating, the first beat at once. */
  public void start() throws IOException {
    topology.ensureConductorExchange(connection);
    channel = openChannel();
    executor.scheduleWithFixedDelay(this::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Publishes a beat as soon as possible, without waiting for the next period. */
  public void beatNow() {
    try {
      executor.execute(this::beat);
    } catch (RejectedExecutionException e) {
      log.debug("heartbeater stopped; not beating");
    }
  }

  private void beat() {
    if (channel == null) {
      // Not started yet: a status change before start() is carried by the first regular beat.
      return;
    }
    try {
      GuestStatus current = status.get();
      Heartbeat heartbeat =
          new Heartbeat(
              instanceId, current.serviceStatus(), current.message(), nextSeq, volume.get());
      Envelope envelope =
          Wire.envelope(ConductorMethods.HEARTBEAT, heartbeat, RequestContext.none(), clock);
      AMQP.BasicProperties properties =
          new AMQP.BasicProperties.Builder()
              .deliveryMode(2)
              .contentType("application/json")
              .userId(brokerUser)
              .build();
      if (!channel.isOpen()) {
        channel = openChannel(); // the broker closes a channel on a refused publish
      }
      channel.basicPublish(
          topology.conductorExchange(),
          topology.conductorQueue(),
          properties,
          Wire.encode(envelope));
      if (!channel.waitForConfirms(confirmTimeoutMillis())) {
        throw new IOException("the broker refused heartbeat " + nextSeq);
      }
      nextSeq++;
      if (failing) {
        log.info("heartbeats are published again");
        failing = false;
      }
      log.debug("heartbeat {}", current.serviceStatus());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | TimeoutException | RuntimeException e) {
      long now = System.nanoTime();
      if (!failing || now - lastFailureLogged > FAILURE_LOG_INTERVAL_NANOS) {
        log.warn("cannot publish a heartbeat (will retry every {}): {}", interval, e.toString());
        lastFailureLogged = now;
      }
      failing = true;
    }
  }

  private Channel openChannel() throws IOException {
    Channel created = connection.createChannel();
    created.confirmSelect();
    return created;
  }

  /** A confirm slower than a period is as good as lost: the next beat carries the same number. */
  private long confirmTimeoutMillis() {
    return Math.max(1000, interval.toMillis());
  }

  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      executor.shutdownNow();
    }
    Channel current = channel;
    if (current != null && current.isOpen()) {
      try {
        current.close();
      } catch (IOException | TimeoutException | RuntimeException e) {
        log.debug("closing the heartbeat channel: {}", e.toString());
      }
    }
  }
}
