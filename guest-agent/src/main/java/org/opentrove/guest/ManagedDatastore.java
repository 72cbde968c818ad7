package org.opentrove.guest;

import static org.opentrove.guest.Identifiers.quoteIdentifier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import org.opentrove.contract.DatabaseSpec;
import org.opentrove.contract.GuestErrorType;
import org.opentrove.contract.PrepareArgs;
import org.opentrove.contract.RejoinArgs;
import org.opentrove.contract.ReplicaLogin;
import org.opentrove.contract.ReplicationPosition;
import org.opentrove.contract.ReplicationSource;
import org.opentrove.contract.UserRef;
import org.opentrove.contract.UserSpec;
import org.opentrove.guest.backup.DatastoreBackups;
import org.opentrove.guest.os.ProcessFailedException;
import org.opentrove.objects.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guest API of any datastore (prepare, stop_db, restart, get_status and the admin), around that
 * datastore's {@link DatastoreApp}. Commands run one at a time; status reports and the shutdown
 * hook do not wait for them. A successful prepare leaves the marker {@code <data_dir>/prepared}
 * (holding the port) that a restarted agent recovers from.
 */
public final class ManagedDatastore implements DatastoreManager {
  private static final Logger log = LoggerFactory.getLogger(ManagedDatastore.class);
  private static final int STOP_WAIT_SECONDS = 60;
  private static final int SHUTDOWN_WAIT_SECONDS = 30;
  private static final int MAX_MESSAGE_CHARS = 2000;

  private final DatastoreApp app;
  private final ObjectStore backupStore;
  private final AdminCredentials credentials;
  private final PreparedMarker marker;
  private final DatastoreStatus status;
  private final Runnable statusChanged;
  private final Object commandLock = new Object();
  private volatile DatastoreAdmin admin;
  private volatile Future<?> initialisedAhead = CompletableFuture.completedFuture(null);

  public ManagedDatastore(
      Path dataDir, DatastoreApp app, ObjectStore backupStore, Runnable statusChanged) {
    this.app = app;
    this.backupStore = backupStore;
    this.credentials = new AdminCredentials(dataDir);
    this.marker = new PreparedMarker(dataDir);
    this.statusChanged = statusChanged;
    this.status =
        new DatastoreStatus(
            app.displayName(),
            new DatastoreStatus.Probe() {
              @Override
              public boolean acceptsConnections() {
                DatastoreAdmin current = admin;
                return current != null && current.ping();
              }

              @Override
              public boolean processAlive() {
                return app.isRunning();
              }
            });
  }

  @Override
  public void recover() {
    synchronized (commandLock) {
      Optional<Integer> port = marker.port();
      if (port.isEmpty()) {
        log.info("instance not prepared yet; initialising the data directory meanwhile");
        initialisedAhead = startInitialiseAhead();
        return;
      }
      status.operationStarted();
      try {
        useAdmin(port.get());
        app.start();
        log.info("{} is running on port {}", app.displayName(), port.get());
      } catch (IOException | RuntimeException e) {
        log.error("cannot start {} after an agent restart: {}", app.displayName(), e.getMessage());
      } finally {
        status.running();
        status.operationFinished();
      }
    }
    statusChanged.run();
  }

  private Future<?> startInitialiseAhead() {
    FutureTask<Void> task =
        new FutureTask<>(
            () -> {
              credentials.ensureExists();
              app.initialiseAhead(credentials);
              return null;
            });
    Thread thread = new Thread(task, "initialise-ahead");
    thread.setDaemon(true);
    thread.start();
    return task;
  }

  /** Waits for the early initialisation; if it failed, prepare's own retries and reports. */
  private void awaitInitialiseAhead() {
    try {
      initialisedAhead.get();
    } catch (ExecutionException e) {
      log.warn("early initialisation failed; prepare retries it: {}", e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GuestOperationException(
          GuestErrorType.PREPARE_FAILED, "interrupted while initialising");
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
          step = "initialise the data directory";
          awaitInitialiseAhead();
          if (args.replicaOf() != null) {
            step = "copy the source " + args.replicaOf().sourceId();
            app.replication()
                .seed(
                    args.replicaOf(),
                    args.restoreChain(),
                    backupStore,
                    credentials,
                    args.port(),
                    args.memoryMb());
          } else if (args.restoreChain().isEmpty()) {
            app.initialise(credentials, args.port(), args.memoryMb());
          } else {
            step =
                "restore from backup "
                    + args.restoreChain().get(args.restoreChain().size() - 1).backupId();
            app.backups()
                .restore(
                    args.restoreChain(), backupStore, credentials, args.port(), args.memoryMb());
          }
        }
        if (args.cluster() != null) {
          step = "write the cluster settings";
          app.clustering().configure(args.cluster(), credentials);
        }
        step =
            args.cluster() == null
                ? "start " + app.displayName()
                : (args.cluster().bootstrap() ? "start the cluster" : "join the cluster");
        DatastoreAdmin session = useAdmin(args.port());
        try (EarlyContact ignored = EarlyContact.start(session)) {
          if (args.cluster() == null) {
            app.start();
          } else {
            app.clustering().startMember(args.cluster());
          }
        }
        step = "check names";
        refuseReservedNames(session, args);
        for (DatabaseSpec database : args.databases()) {
          step = "create database " + quoteIdentifier(database.name());
          session.createDatabase(database);
        }
        for (UserSpec user : args.users()) {
          step = "create user " + quoteIdentifier(user.name());
          session.createUser(user);
          UserRef ref = new UserRef(user.name(), user.host());
          for (String database : user.databases()) {
            step = "grant " + quoteIdentifier(user.name()) + " on " + quoteIdentifier(database);
            session.grantAccess(ref, database);
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
        throw new GuestOperationException(GuestErrorType.PREPARE_FAILED, message);
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
            GuestErrorType.STOP_FAILED,
            "stopping " + app.displayName() + " failed: " + e.getMessage());
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
      int port = preparedPort();
      status.operationStarted();
      try {
        useAdmin(port);
        app.restart();
        status.running();
      } catch (IOException | ProcessFailedException e) {
        status.running();
        throw new GuestOperationException(
            GuestErrorType.RESTART_FAILED,
            "restarting " + app.displayName() + " failed: " + e.getMessage());
      } finally {
        status.operationFinished();
        statusChanged.run();
      }
    }
    return status.report();
  }

  @Override
  public GuestStatus applyFlavor(int memoryMb) {
    if (memoryMb < 1) {
      throw new IllegalArgumentException("memory_mb must be positive");
    }
    synchronized (commandLock) {
      int port = preparedPort();
      status.operationStarted();
      try {
        app.stop(STOP_WAIT_SECONDS);
        app.reconfigure(port, memoryMb);
        useAdmin(port);
        app.start();
        log.info("{} runs with memory settings for {} MB", app.displayName(), memoryMb);
      } catch (IOException | ProcessFailedException e) {
        throw new GuestOperationException(
            GuestErrorType.RESTART_FAILED,
            "starting "
                + app.displayName()
                + " with memory settings for "
                + memoryMb
                + " MB failed: "
                + e.getMessage());
      } finally {
        status.running();
        status.operationFinished();
        statusChanged.run();
      }
    }
    return status.report();
  }

  @Override
  public ReplicaLogin addReplica(String replicaId) {
    requireInstanceId(replicaId);
    synchronized (commandLock) {
      try {
        return app.replication().addReplica(admin(), replicaId);
      } catch (SQLException e) {
        throw new GuestOperationException(
            GuestErrorType.DATASTORE_ERROR,
            "adding replica " + replicaId + " failed: " + describe(e));
      }
    }
  }

  @Override
  public void removeReplica(String replicaId) {
    requireInstanceId(replicaId);
    synchronized (commandLock) {
      try {
        app.replication().removeReplica(admin(), replicaId);
      } catch (SQLException e) {
        throw new GuestOperationException(
            GuestErrorType.DATASTORE_ERROR,
            "removing replica " + replicaId + " failed: " + describe(e));
      }
    }
  }

  @Override
  public GuestStatus detachReplica() {
    synchronized (commandLock) {
      int port = preparedPort();
      try {
        app.replication().detach(admin(), credentials);
        useAdmin(port, true);
      } catch (IOException | SQLException e) {
        throw new GuestOperationException(
            GuestErrorType.DATASTORE_ERROR, "detaching failed: " + describe(e));
      }
    }
    statusChanged.run();
    return status.report();
  }

  @Override
  public ReplicationPosition stopAsSource() {
    synchronized (commandLock) {
      status.operationStarted();
      try {
        // A retried hand-over finds the datastore already stopped.
        String last = app.replication().stopAsSource(app.isRunning() ? admin() : null);
        status.stopped();
        log.info("stopped to hand over; last record at {}", last);
        return new ReplicationPosition(last);
      } catch (IOException | SQLException | ProcessFailedException e) {
        throw new GuestOperationException(
            GuestErrorType.STOP_FAILED, "stopping to hand over failed: " + e.getMessage());
      } finally {
        status.operationFinished();
        statusChanged.run();
      }
    }
  }

  @Override
  public void setSynchronous(boolean synchronous) {
    synchronized (commandLock) {
      try {
        app.replication().setSynchronous(admin(), synchronous);
      } catch (SQLException e) {
        throw new GuestOperationException(
            GuestErrorType.DATASTORE_ERROR,
            "setting synchronous replication failed: " + describe(e));
      }
    }
  }

  @Override
  public ReplicationPosition receivedPosition() {
    try {
      return new ReplicationPosition(app.replication().receivedPosition(admin()));
    } catch (SQLException e) {
      throw new GuestOperationException(
          GuestErrorType.DATASTORE_ERROR, "reading the received position failed: " + describe(e));
    }
  }

  @Override
  public GuestStatus promoteReplica(String after) {
    synchronized (commandLock) {
      int port = preparedPort();
      try {
        app.replication().promote(admin(), credentials, after);
        useAdmin(port, true);
      } catch (IOException | SQLException e) {
        throw new GuestOperationException(
            GuestErrorType.DATASTORE_ERROR, "promoting failed: " + describe(e));
      }
    }
    statusChanged.run();
    return status.report();
  }

  @Override
  public GuestStatus followSource(ReplicationSource source) {
    synchronized (commandLock) {
      int port = preparedPort();
      status.operationStarted();
      try {
        app.replication().follow(source, credentials);
        useAdmin(port, true);
        status.running();
      } catch (IOException | ProcessFailedException e) {
        throw new GuestOperationException(
            GuestErrorType.DATASTORE_ERROR,
            "following " + source.sourceId() + " failed: " + e.getMessage());
      } finally {
        status.operationFinished();
        statusChanged.run();
      }
    }
    return status.report();
  }

  @Override
  public GuestStatus setClusterMembers(org.opentrove.contract.ClusterMembers members) {
    synchronized (commandLock) {
      preparedPort();
      try {
        app.clustering().setMembers(members.members());
      } catch (IOException e) {
        throw new GuestOperationException(
            GuestErrorType.DATASTORE_ERROR,
            "updating the cluster members failed: " + e.getMessage());
      }
    }
    return status.report();
  }

  @Override
  public void hold() {
    synchronized (commandLock) {
      Optional<Integer> port = marker.port();
      if (port.isPresent()) {
        try {
          useAdmin(port.get());
        } catch (IOException e) {
          log.error("cannot read the admin's credentials: {}", e.getMessage());
        }
      }
      status.stopped();
      log.info("held: {} stays stopped until this instance rejoins its set", app.displayName());
    }
    statusChanged.run();
  }

  @Override
  public GuestStatus rejoinSource(RejoinArgs args) {
    ReplicationSource source = args.source();
    synchronized (commandLock) {
      int port = preparedPort();
      status.operationStarted();
      try {
        // Always a whole copy: a call retried after a partial one must not find it "done".
        app.replication()
            .seed(source, args.snapshot(), backupStore, credentials, port, args.memoryMb());
        app.start();
        useAdmin(port, true);
        status.running();
        log.info("rejoined as a replica of {}", source.sourceId());
      } catch (IOException | SQLException | ProcessFailedException e) {
        throw new GuestOperationException(
            GuestErrorType.DATASTORE_ERROR,
            truncate(
                "rejoining "
                    + source.sourceId()
                    + " failed: "
                    + describe(e).replace(source.login().password(), "***")));
      } finally {
        status.operationFinished();
        statusChanged.run();
      }
    }
    return status.report();
  }

  /** The prepared instance's port; a command before prepare is refused. */
  private int preparedPort() {
    return marker
        .port()
        .orElseThrow(
            () ->
                new GuestOperationException(
                    GuestErrorType.NOT_PREPARED, "the instance has not been prepared"));
  }

  private static void requireInstanceId(String id) {
    try {
      UUID.fromString(String.valueOf(id));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not an instance id: " + id);
    }
  }

  @Override
  public GuestStatus status() {
    return status.report();
  }

  @Override
  public DatastoreAdmin admin() {
    DatastoreAdmin current = admin;
    if (marker.port().isEmpty() || current == null) {
      throw new GuestOperationException(
          GuestErrorType.NOT_READY, "the instance has not been prepared");
    }
    if (!app.isRunning()) {
      throw new GuestOperationException(
          GuestErrorType.NOT_READY, app.displayName() + " is not running");
    }
    return current;
  }

  @Override
  public DatastoreBackups backups() {
    return app.backups();
  }

  @Override
  public void shutdown() {
    DatastoreAdmin current = admin;
    if (current != null) {
      current.close();
    }
    try {
      app.stop(SHUTDOWN_WAIT_SECONDS);
    } catch (RuntimeException e) {
      log.warn("could not stop {} cleanly: {}", app.displayName(), e.getMessage());
    }
  }

  /** The admin for {@code port}, replacing (and closing) one for another port. */
  private DatastoreAdmin useAdmin(int port) throws IOException {
    return useAdmin(port, false);
  }

  /** The admin for {@code port}; {@code relogin} replaces it also when the login changed. */
  private DatastoreAdmin useAdmin(int port, boolean relogin) throws IOException {
    DatastoreAdmin current = admin;
    if (current != null && current.port() == port && !relogin) {
      return current;
    }
    DatastoreAdmin replacement = app.admin(port, credentials.login());
    admin = replacement;
    if (current != null) {
      current.close();
    }
    return replacement;
  }

  private void validate(PrepareArgs args) {
    if (args.datastore() != null && !app.datastore().equals(args.datastore())) {
      throw new IllegalArgumentException(
          "this guest runs " + app.datastore() + ", not " + args.datastore());
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

  /** The API refuses system names first; a prepare naming one still creates nothing. */
  private static void refuseReservedNames(DatastoreAdmin admin, PrepareArgs args) {
    for (DatabaseSpec database : args.databases()) {
      if (admin.isReservedDatabase(database.name())) {
        throw new IllegalArgumentException("database name " + database.name() + " is reserved");
      }
    }
    for (UserSpec user : args.users()) {
      if (admin.isReservedUser(user.name())) {
        throw new IllegalArgumentException("user name " + user.name() + " is reserved");
      }
      for (String database : user.databases()) {
        if (admin.isReservedDatabase(database)) {
          throw new IllegalArgumentException("database name " + database + " is reserved");
        }
      }
    }
  }

  private static String truncate(String message) {
    return message.length() <= MAX_MESSAGE_CHARS
        ? message
        : message.substring(0, MAX_MESSAGE_CHARS) + "...";
  }

  static String describe(Exception e) {
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
      if (user != null && user.password() != null) {
        secrets.add(user.password());
      }
    }
    if (args.replicaOf() != null && args.replicaOf().login() != null) {
      secrets.add(args.replicaOf().login().password());
    }
    try {
      if (Files.exists(credentials.file())) {
        secrets.add(credentials.password());
      }
    } catch (IOException e) {
      log.debug("cannot read the admin password to scrub a message", e);
    }
    return Secrets.scrub(message, secrets);
  }
}
