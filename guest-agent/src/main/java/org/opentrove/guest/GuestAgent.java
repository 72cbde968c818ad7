package org.opentrove.guest;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeoutException;
import org.opentrove.contract.Amqp;
import org.opentrove.guest.backup.BackupRunner;
import org.opentrove.guest.os.ProcessRunner;
import org.opentrove.guest.os.VolumeFilesystem;
import org.opentrove.guest.rpc.CodecWarmUp;
import org.opentrove.guest.rpc.ConductorReporter;
import org.opentrove.guest.rpc.GuestDispatcher;
import org.opentrove.guest.rpc.GuestRpcServer;
import org.opentrove.guest.rpc.Heartbeater;
import org.opentrove.objects.ObjectStores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One guest agent: the datastore manager, the heartbeat to the conductor and the RPC server on the
 * instance's queue, over one AMQP connection. {@link #start()} brings them up in that order; {@link
 * #close()} (the shutdown hook) takes them down in reverse and stops the datastore.
 */
public final class GuestAgent implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GuestAgent.class);
  private static final Duration MAX_CONNECT_BACKOFF = Duration.ofSeconds(30);
  private static final int CLOSE_TIMEOUT_MILLIS = 5000;

  private final GuestAgentConfig config;
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile boolean closing;
  private DatastoreManager manager;
  private Connection connection;
  private Heartbeater heartbeater;
  private GuestRpcServer rpcServer;
  private BackupRunner backups;

  public GuestAgent(GuestAgentConfig config) {
    this.config = config;
  }

  /**
   * Starts everything; blocks until the broker can be reached (or the agent is closed). The broker
   * connection opens while the datastore's runtime comes up, and the datastore's recovery (or its
   * early initialisation) starts before the connection is needed.
   */
  public void start() throws IOException, InterruptedException {
    log.info("guest agent starting: {}", config);
    CodecWarmUp.startInBackground();
    FutureTask<Connection> opening = new FutureTask<>(this::connect);
    Thread opener = new Thread(opening, "broker-connect");
    opener.setDaemon(true);
    opener.start();
    DatastoreManager created;
    try {
      created = DatastoreManagers.create(config, this::statusChanged);
    } catch (RuntimeException e) {
      closing = true;
      opening.cancel(true);
      closeWhenOpened(opening);
      throw e;
    }
    synchronized (this) {
      if (closing) {
        // Stopped while the runtime came up: nothing may start the datastore now.
        closeWhenOpened(opening);
        return;
      }
      manager = created;
    }
    if (config.holdDatastore()) {
      manager.hold();
    } else {
      manager.recover();
    }
    Connection opened = awaitConnection(opening);
    if (opened == null) {
      return;
    }
    synchronized (this) {
      if (closing) {
        closeQuietly(opened);
        return;
      }
      connection = opened;
      String brokerUser = Amqp.userOf(config.amqpUri());
      heartbeater =
          new Heartbeater(
              connection,
              config.topology(),
              config.instanceId(),
              brokerUser,
              config.heartbeatInterval(),
              manager::status,
              new VolumeMeter(config.dataDir())::read,
              Clock.systemUTC());
      backups =
          new BackupRunner(
              config.instanceId(),
              ObjectStores.open(config.objectStore()),
              Math.round(config.objectStore().writeLimitMibPerSecond * 1024 * 1024),
              config.dataDir(),
              new ConductorReporter(connection, config.topology(), brokerUser, Clock.systemUTC()));
      rpcServer =
          new GuestRpcServer(
              connection,
              config.topology(),
              config.instanceId(),
              brokerUser,
              new GuestDispatcher(
                  manager,
                  backups,
                  new VolumeFilesystem(
                      config.dataDir(), new ProcessRunner(), Duration.ofMinutes(2))));
    }
    backups.reportInterrupted();
    if (!started("the heartbeat", heartbeater::start)
        || !started("the RPC server", rpcServer::start)) {
      return;
    }
    log.info("guest agent {} ready", config.instanceId());
  }

  private interface BrokerCall<T> {
    T call() throws IOException, TimeoutException;
  }

  private interface BrokerStep {
    void run() throws IOException;
  }

  /**
   * Starts something that declares or opens things on the broker: a broker lost after the
   * connection opened (the connection recovers by itself once it is back) must not end the agent,
   * which would take its server down with it.
   *
   * @return false when the agent closed first
   */
  private boolean started(String what, BrokerStep step) throws InterruptedException {
    Boolean done =
        untilTheBrokerAnswers(
            "cannot start " + what,
            () -> {
              step.run();
              return Boolean.TRUE;
            });
    return done != null;
  }

  /**
   * Runs {@code call} until the broker answers it, with backoff between tries.
   *
   * @return its result, or null once the agent is closing
   */
  private <T> T untilTheBrokerAnswers(String failing, BrokerCall<T> call)
      throws InterruptedException {
    Duration backoff = Duration.ofSeconds(1);
    while (!closing) {
      try {
        return call.call();
      } catch (IOException | TimeoutException | ShutdownSignalException e) {
        log.warn("{} ({}); retrying in {}", failing, e.toString(), backoff);
        Thread.sleep(backoff.toMillis());
        backoff = doubled(backoff);
      }
    }
    return null;
  }

  private void statusChanged() {
    Heartbeater current = heartbeater;
    if (current != null) {
      current.beatNow();
    }
  }

  /** A connection that still opens after the agent gave up on it is closed, not leaked. */
  private static void closeWhenOpened(FutureTask<Connection> opening) {
    Thread closer =
        new Thread(
            () -> {
              try {
                Connection late = opening.get();
                if (late != null) {
                  closeQuietly(late);
                }
              } catch (Exception e) {
                // never opened
              }
            },
            "broker-connect-close");
    closer.setDaemon(true);
    closer.start();
  }

  private static Connection awaitConnection(FutureTask<Connection> opening)
      throws IOException, InterruptedException {
    try {
      return opening.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof InterruptedException interrupted) {
        throw interrupted;
      }
      throw new IllegalStateException("connecting to the broker failed", e.getCause());
    }
  }

  /** The broker may still be starting; recovery only covers connections that opened once. */
  private Connection connect() throws InterruptedException {
    return untilTheBrokerAnswers(
        "cannot reach the message broker",
        () -> Amqp.connect(config.amqpUri(), "guest-" + config.instanceId()));
  }

  private static Duration doubled(Duration backoff) {
    Duration next = backoff.multipliedBy(2);
    return next.compareTo(MAX_CONNECT_BACKOFF) > 0 ? MAX_CONNECT_BACKOFF : next;
  }

  /** Blocks until {@link #close()} finished. */
  public void awaitClosed() throws InterruptedException {
    closed.await();
  }

  /** Stops consuming and beating, stops the datastore (bounded), closes the connection. */
  @Override
  public void close() {
    DatastoreManager currentManager;
    synchronized (this) {
      if (closing) {
        return;
      }
      closing = true;
      currentManager = manager;
    }
    log.info("guest agent {} shutting down", config.instanceId());
    try {
      if (rpcServer != null) {
        rpcServer.close();
      }
      if (heartbeater != null) {
        heartbeater.close();
      }
      if (backups != null) {
        backups.close();
      }
      if (currentManager != null) {
        currentManager.shutdown();
      }
      if (connection != null) {
        closeQuietly(connection);
      }
    } finally {
      closed.countDown();
      log.info("guest agent {} stopped", config.instanceId());
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close(CLOSE_TIMEOUT_MILLIS);
    } catch (IOException | RuntimeException e) {
      log.debug("closing the AMQP connection: {}", e.toString());
    }
  }
}
