package org.opentrove.guest.postgres;

import static org.opentrove.guest.Identifiers.quoteIdentifier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import org.opentrove.contract.DatabaseSpec;
import org.opentrove.contract.PrepareArgs;
import org.opentrove.contract.UserSpec;
import org.opentrove.guest.DatastoreManager;
import org.opentrove.guest.DatastoreManagers;
import org.opentrove.guest.GuestAgentConfig;
import org.opentrove.guest.GuestOperationException;
import org.opentrove.guest.GuestStatus;
import org.opentrove.guest.os.ProcessFailedException;
import org.opentrove.guest.os.ProcessRunner;
import org.opentrove.guest.os.RunAs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guest API for PostgreSQL: prepare, stop_db, restart and get_status. Commands run one at a
 * time; status reports and the shutdown hook do not wait for them. A successful prepare leaves the
 * marker {@code <data_dir>/prepared} (holding the port) that a restarted agent recovers from.
 */
public final class PostgresManager implements DatastoreManager {
  private static final Logger log = LoggerFactory.getLogger(PostgresManager.class);
  private static final int STOP_WAIT_SECONDS = 60;
  private static final int SHUTDOWN_WAIT_SECONDS = 30;
  private static final int MAX_MESSAGE_CHARS = 2000;

  private final PostgresApp app;
  private final AdminCredentials credentials;
  private final PreparedMarker marker;
  private final PostgresStatus status;
  private final Runnable statusChanged;
  private final Object commandLock = new Object();
  private volatile PostgresAdmin admin;
  private volatile Future<?> initdbAhead = CompletableFuture.completedFuture(null);

  PostgresManager(Path dataDir, PostgresApp app, Runnable statusChanged) {
    this.app = app;
    this.credentials = new AdminCredentials(dataDir);
    this.marker = new PreparedMarker(dataDir);
    this.statusChanged = statusChanged;
    this.status =
        new PostgresStatus(
            new PostgresStatus.Probe() {
              @Override
              public boolean acceptsConnections() {
                PostgresAdmin current = admin;
                return current != null && current.ping();
              }

              @Override
              public boolean processAlive() {
                return app.isRunning();
              }
            });
  }

  /**
   * Locates the binaries and the OS user for {@code config}; fails early when either is missing.
   */
  public static PostgresManager create(GuestAgentConfig config, Runnable statusChanged) {
    ProcessRunner runner = new ProcessRunner();
    RunAs runAs = RunAs.resolve(config.runAsUser(), runner);
    PgBinaries binaries = PgBinaries.locate(config.pgBinDir(), PgBinaries.defaultCacheRoot());
    log.info(
        "PostgreSQL: {} in {}, run as {}",
        binaries.version(runner),
        binaries.binDir(),
        runAs.user().orElse("the agent's own user"));
    PostgresApp app = new PostgresApp(binaries, config.dataDir(), runAs, runner);
    return new PostgresManager(config.dataDir(), app, statusChanged);
  }

  @Override
  public void recover() {
    synchronized (commandLock) {
      Optional<Integer> port = marker.port();
      if (port.isEmpty()) {
        log.info("instance not prepared yet; running initdb while prepare is on its way");
        initdbAhead = startInitdbAhead();
        return;
      }
      status.operationStarted();
      try {
        useAdmin(port.get());
        app.start();
        log.info("PostgreSQL is running on port {}", port.get());
      } catch (IOException | RuntimeException e) {
        log.error("cannot start PostgreSQL after an agent restart: {}", e.getMessage());
      } finally {
        status.running();
        status.operationFinished();
      }
    }
    statusChanged.run();
  }

  private Future<?> startInitdbAhead() {
    FutureTask<Void> task =
        new FutureTask<>(
            () -> {
              credentials.ensureExists();
              app.initdbIfNeeded(credentials);
              return null;
            });
    Thread thread = new Thread(task, "initdb-ahead");
    thread.setDaemon(true);
    thread.start();
    return task;
  }

  /** Waits for the early initdb; if it failed, prepare's own initdb retries and reports. */
  private void awaitInitdbAhead() {
    try {
      initdbAhead.get();
    } catch (ExecutionException e) {
      log.warn("early initdb failed; prepare retries it: {}", e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GuestOperationException("PrepareFailed", "interrupted while waiting for initdb");
    }
  }

  @Override
  public void prepare(PrepareArgs args) {
    synchronized (commandLock) {
      long started = System.nanoTime();
      status.building();
      statusChanged.run();
      String step = "validate arguments";
      try {
        validate(args);
        step = "create the admin password";
        credentials.ensureExists();
        if (!app.isInitialised()) {
          step = "initdb";
          awaitInitdbAhead();
          app.initialise(credentials, args.port(), args.memoryMb());
        }
        step = "start PostgreSQL";
        app.start();
        PostgresAdmin session = useAdmin(args.port());
        for (DatabaseSpec database : args.databases()) {
          step = "create database " + quoteIdentifier(database.name());
          session.createDatabase(database);
        }
        for (UserSpec user : args.users()) {
          step = "create user " + quoteIdentifier(user.name());
          session.createUser(user);
          for (String database : user.databases()) {
            step = "grant " + quoteIdentifier(user.name()) + " on " + quoteIdentifier(database);
            session.grantAccess(user.name(), database);
          }
        }
        step = "write the prepared marker";
        marker.write(args.port());
        status.running();
        log.info("prepared in {} ms", (System.nanoTime() - started) / 1_000_000);
      } catch (IOException | SQLException | RuntimeException e) {
        String message =
            truncate(scrub("prepare failed at step '" + step + "': " + describe(e), args));
        log.error(message);
        status.failed(message);
        statusChanged.run();
        throw new GuestOperationException("PrepareFailed", message);
      }
    }
    statusChanged.run();
  }

  @Override
  public GuestStatus stopDb() {
    synchronized (commandLock) {
      status.operationStarted();
      try {
        app.stop(STOP_WAIT_SECONDS);
        status.stopped();
      } catch (ProcessFailedException e) {
        throw new GuestOperationException(
            "StopFailed", "stopping PostgreSQL failed: " + e.getMessage());
      } finally {
        status.operationFinished();
      }
    }
    statusChanged.run();
    return status.report();
  }

  @Override
  public GuestStatus restart() {
    synchronized (commandLock) {
      Optional<Integer> port = marker.port();
      if (port.isEmpty()) {
        throw new GuestOperationException("NotPrepared", "the instance has not been prepared");
      }
      status.operationStarted();
      try {
        useAdmin(port.get());
        app.restart();
        status.running();
      } catch (IOException | ProcessFailedException e) {
        status.running();
        throw new GuestOperationException(
            "RestartFailed", "restarting PostgreSQL failed: " + e.getMessage());
      } finally {
        status.operationFinished();
        statusChanged.run();
      }
    }
    return status.report();
  }

  @Override
  public GuestStatus status() {
    return status.report();
  }

  @Override
  public void shutdown() {
    PostgresAdmin current = admin;
    if (current != null) {
      current.close();
    }
    try {
      app.stop(SHUTDOWN_WAIT_SECONDS);
    } catch (RuntimeException e) {
      log.warn("could not stop PostgreSQL cleanly: {}", e.getMessage());
    }
  }

  /** The admin for {@code port}, replacing (and closing) one for another port. */
  private PostgresAdmin useAdmin(int port) throws IOException {
    PostgresAdmin current = admin;
    if (current != null && current.port() == port) {
      return current;
    }
    PostgresAdmin replacement = new PostgresAdmin(port, credentials.password());
    admin = replacement;
    if (current != null) {
      current.close();
    }
    return replacement;
  }

  private static void validate(PrepareArgs args) {
    if (args.datastore() != null && !DatastoreManagers.POSTGRESQL.equals(args.datastore())) {
      throw new IllegalArgumentException("this guest runs postgresql, not " + args.datastore());
    }
    if (args.port() < 1 || args.port() > 65535) {
      throw new IllegalArgumentException("port " + args.port() + " is out of range");
    }
    if (args.memoryMb() < 0) {
      throw new IllegalArgumentException("memory_mb must not be negative");
    }
    for (DatabaseSpec database : args.databases()) {
      if (database == null || database.name() == null || database.name().isEmpty()) {
        throw new IllegalArgumentException("a database has no name");
      }
    }
    for (UserSpec user : args.users()) {
      if (user == null || user.name() == null || user.name().isEmpty()) {
        throw new IllegalArgumentException("a user has no name");
      }
    }
  }

  private static String truncate(String message) {
    return message.length() <= MAX_MESSAGE_CHARS
        ? message
        : message.substring(0, MAX_MESSAGE_CHARS) + "...";
  }

  private static String describe(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof SQLException sql && sql.getSQLState() != null) {
      return message + " (SQLSTATE " + sql.getSQLState() + ")";
    }
    return message;
  }

  /** Removes every password the command carried: a failure message must never hold one. */
  private String scrub(String message, PrepareArgs args) {
    List<String> secrets = new ArrayList<>();
    for (UserSpec user : args.users()) {
      if (user != null && user.password() != null && !user.password().isEmpty()) {
        secrets.add(user.password());
      }
    }
    try {
      if (Files.exists(credentials.file())) {
        secrets.add(credentials.password());
      }
    } catch (IOException e) {
      log.debug("cannot read the admin password to scrub a message", e);
    }
    String scrubbed = message;
    for (String secret : secrets) {
      if (!secret.isBlank()) {
        scrubbed = scrubbed.replace(secret, "***");
      }
    }
    return scrubbed;
  }
}
