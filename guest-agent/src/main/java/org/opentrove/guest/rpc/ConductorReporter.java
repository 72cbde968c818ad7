package org.opentrove.guest.rpc;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.opentrove.contract.BackupUpdate;
import org.opentrove.contract.ConductorMethods;
import org.opentrove.contract.Envelope;
import org.opentrove.contract.RequestContext;
import org.opentrove.contract.Topology;
import org.opentrove.contract.Wire;
import org.opentrove.guest.backup.BackupReporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends backup reports to the conductor: persistent, confirmed by the broker. A final report
 * (COMPLETED, FAILED) is retried until the broker takes it, for up to {@link #FINAL_RETRY}; a
 * progress report that cannot be sent is skipped (the next one carries more).
 */
public final class ConductorReporter implements BackupReporter {
  private static final Logger log = LoggerFactory.getLogger(ConductorReporter.class);
  static final Duration FINAL_RETRY = Duration.ofMinutes(10);

  private final Connection connection;
  private final Topology topology;
  private final String brokerUser;
  private final Clock clock;
  private Channel channel;

  public ConductorReporter(
      Connection connection, Topology topology, String brokerUser, Clock clock) {
    this.connection = connection;
    this.topology = topology;
    this.brokerUser = brokerUser;
    this.clock = clock;
  }

  @Override
  public synchronized void report(BackupUpdate update) {
    boolean last = !BackupUpdate.SAVING.equals(update.state());
    long deadline = System.nanoTime() + FINAL_RETRY.toNanos();
    while (true) {
      try {
        publish(update);
        return;
      } catch (IOException | TimeoutException | RuntimeException e) {
        closeChannel();
        if (!last || System.nanoTime() > deadline) {
          log.warn(
              "cannot report backup {} {}: {}", update.backupId(), update.state(), e.toString());
          return;
        }
        log.warn("cannot report backup {} yet, retrying: {}", update.backupId(), e.toString());
        sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void publish(BackupUpdate update)
      throws IOException, InterruptedException, TimeoutException {
    if (channel == null || !channel.isOpen()) {
      channel = connection.createChannel();
      channel.confirmSelect();
    }
    Envelope envelope =
        Wire.envelope(ConductorMethods.UPDATE_BACKUP, update, RequestContext.none(), clock);
    AMQP.BasicProperties properties =
        new AMQP.BasicProperties.Builder()
            .deliveryMode(2)
            .contentType("application/json")
            .userId(brokerUser)
            .build();
    channel.basicPublish(
        topology.conductorExchange(), topology.conductorQueue(), properties, Wire.encode(envelope));
    channel.waitForConfirmsOrDie(10_000);
  }

  private void closeChannel() {
    try {
      if (channel != null && channel.isOpen()) {
        channel.close();
      }
    } catch (IOException | TimeoutException | RuntimeException e) {
      log.debug("closing the report channel: {}", e.toString());
    }
    channel = null;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
