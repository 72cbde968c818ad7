package org.opentrove.guest.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.opentrove.guest.AdminCredentials;
import org.opentrove.guest.DatastoreAdmin;
import org.opentrove.guest.DatastoreApp;
import org.opentrove.guest.DatastoreReplication;
import org.opentrove.guest.backup.DatastoreBackups;
import org.opentrove.guest.os.AgentWrites;
import org.opentrove.guest.os.FileTrees;
import org.opentrove.guest.os.ProcessFailedException;
import org.opentrove.guest.os.ProcessRunner;
import org.opentrove.guest.os.ReservedArea;
import org.opentrove.guest.os.RunAs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL's lifecycle on this instance: initdb, configuration, and start, stop and restart
 * through pg_ctl. The cluster lives in {@code <data_dir>/pgdata} and logs to {@code
 * <data_dir>/postgresql.log}.
 */
final class PostgresApp implements DatastoreApp {
  /** The OS user PostgreSQL runs as when the agent runs as root. */
  static final String OS_USER = "postgres";

  static final String PGDATA = "pgdata";
  static final String LOG_FILE = "postgresql.log";

  /** Written once initdb and the configuration both succeeded. */
  static final String INITIALISED_MARKER = "pgdata.initialised";

  /** Written once initdb finished; without it (or the marker above) pgdata is a leftover. */
  static final String INITDB_MARKER = "pgdata.initdb-done";

  static final String WAL_ARCHIVE = "wal-archive";

  private static final Logger log = LoggerFactory.getLogger(PostgresApp.class);
  private static final Duration INITDB_TIMEOUT = Duration.ofMinutes(3);
  private static final int PG_CTL_WAIT_SECONDS = 60;
  private static final Duration PG_CTL_SLACK = Duration.ofSeconds(15);
  private static final List<String> LOCALES = List.of("C.UTF-8", "C");

  private final PgBinaries binaries;
  private final Path dataDir;
  private final Path pgdata;
  private final RunAs runAs;
  private final ProcessRunner runner;
  private final WalPlacement walPlacement;

  PostgresApp(
      PgBinaries binaries,
      Path dataDir,
      RunAs runAs,
      ProcessRunner runner,
      Future<Optional<ReservedArea>> reservedArea,
      Supplier<Optional<ReservedArea>> reopenReservedArea) {
    this.binaries = binaries;
    this.dataDir = dataDir;
    this.pgdata = dataDir.resolve(PGDATA);
    this.runAs = runAs;
    this.runner = runner;
    this.walPlacement = new WalPlacement(reservedArea, reopenReservedArea, pgdata, runAs, runner);
  }

  /** Whether initdb finished here: until then the volume is new. */
  static boolean initdbDone(Path dataDir) {
    return Files.exists(dataDir.resolve(INITDB_MARKER));
  }

  Path pgdata() {
    return pgdata;
  }

  @Override
  public String displayName() {
    return "PostgreSQL";
  }

  @Override
  public String datastore() {
    return PostgresManager.DATASTORE;
  }

  @Override
  public DatastoreAdmin admin(int port, AdminCredentials.Login login) {
    return new PostgresAdmin(port, login);
  }

  @Override
  public DatastoreReplication replication() {
    return new PostgresReplication(this);
  }

  @Override
  public boolean isInitialised() {
    return Files.exists(dataDir.resolve(INITIALISED_MARKER))
        && Files.exists(pgdata.resolve("PG_VERSION"));
  }

  /**
   * Runs initdb unless a finished one is there, clearing a half-made pgdata first. It needs nothing
   * from prepare, so the agent runs it as soon as it boots, while prepare is on its way.
   */
  @Override
  public void initialiseAhead(AdminCredentials credentials) throws IOException {
    if (initdbDone(dataDir) && Files.exists(pgdata.resolve("PG_VERSION"))) {
      return;
    }
    if (Files.exists(pgdata, LinkOption.NOFOLLOW_LINKS)) {
      log.warn("{} exists but initdb never finished; removing it", pgdata);
    }
    emptyPgdata();
    initdb(credentials);
    AgentWrites.mark(dataDir.resolve(INITDB_MARKER));
  }

  /**
   * A new, empty pgdata of the datastore's user (initdb fills it): the volume's top is root's, so
   * the user could not make it there, and cannot put anything else in its place.
   */
  void emptyPgdata() throws IOException {
    FileTrees.delete(pgdata);
    runAs.chown(AgentWrites.ensureDirectory(pgdata));
  }

  /** initdb (unless done ahead) and the configuration for this instance's port and memory. */
  @Override
  public void initialise(AdminCredentials credentials, int port, int memoryMb) throws IOException {
    initialiseAhead(credentials);
    configure(port, memoryMb, null);
    AgentWrites.mark(dataDir.resolve(INITIALISED_MARKER));
  }

  @Override
  public void reconfigure(int port, int memoryMb) throws IOException {
    configure(port, memoryMb, null);
  }

  /** This instance's settings; a recovery from {@code restoreFrom} when it is not null. */
  void configure(int port, int memoryMb, Path restoreFrom) throws IOException {
    Path archive = AgentWrites.ensureDirectory(walArchive());
    runAs.chown(archive);
    runAs.chown(
        PostgresConf.write(
                pgdata,
                port,
                memoryMb,
                archive,
                restoreFrom,
                runAs.clientNetwork(),
                walPlacement.areaBytes())
            .toArray(Path[]::new));
  }

  /** Where the server copies finished WAL segments (incremental backups are made of them). */
  Path walArchive() {
    return dataDir.resolve(WAL_ARCHIVE);
  }

  Path dataDir() {
    return dataDir;
  }

  PgBinaries binaries() {
    return binaries;
  }

  RunAs runAs() {
    return runAs;
  }

  ProcessRunner runner() {
    return runner;
  }

  void markInitialised() throws IOException {
    AgentWrites.mark(dataDir.resolve(INITDB_MARKER));
    AgentWrites.mark(dataDir.resolve(INITIALISED_MARKER));
  }

  @Override
  public DatastoreBackups backups() {
    return new PostgresBackups(this);
  }

  /**
   * initdb reads the password from a file as the datastore's user, who must not read the agent's
   * own: it gets a copy that is removed as soon as initdb is done.
   */
  private void initdb(AdminCredentials credentials) throws IOException {
    Path pwfile = credentials.temporaryCopy(dataDir);
    try {
      runAs.chown(pwfile);
      initdb(pwfile);
    } finally {
      Files.deleteIfExists(pwfile);
    }
  }

  private void initdb(Path pwfile) throws IOException {
    ProcessFailedException lastFailure = null;
    for (String locale : LOCALES) {
      List<String> command =
          new ArrayList<>(
              List.of(
                  binaries.initdb().toString(),
                  "-D",
                  pgdata.toString(),
                  "--username=" + AdminCredentials.USER,
                  "--pwfile=" + pwfile,
                  "--auth-host=scram-sha-256",
                  "--auth-local=scram-sha-256",
                  "--encoding=UTF8",
                  "--locale=" + locale,
                  "--no-sync"));
      Optional<Path> walDir = walPlacement.freshWalDir();
      if (walDir.isPresent()) {
        command.add("--waldir=" + walDir.get());
      }
      try {
        runner.runChecked("initdb", runAs.wrap(command), dataDir, INITDB_TIMEOUT);
        walPlacement.placeFreshLogical();
        syncVolume(walDir);
        return;
      } catch (ProcessFailedException e) {
        lastFailure = e;
        if (!String.valueOf(e.getMessage()).contains("locale")) {
          throw e;
        }
        log.warn("initdb failed with locale {}; trying the next one", locale);
        emptyPgdata();
      }
    }
    throw lastFailure;
  }

  /**
   * What initdb's own sync would do, in one call per filesystem: it fsyncs each of its thousand
   * files, while one syncfs of the volume (and of the reserved area holding the WAL) flushes them
   * all at a fraction of the cost (a create's critical path).
   */
  private void syncVolume(Optional<Path> walDir) {
    List<String> command = new ArrayList<>(List.of("sync", "-f", pgdata.toString()));
    walDir.ifPresent(dir -> command.add(dir.toString()));
    runner.runChecked("sync", command, dataDir, INITDB_TIMEOUT);
  }

  /** Starts the server, its WAL placed in the reserved area first (see {@link WalPlacement}). */
  @Override
  public void start() throws IOException {
    if (isRunning()) {
      return;
    }
    walPlacement.beforeStart();
    pgCtl(
        "pg_ctl start",
        List.of("-l", logFile().toString(), "-w", "-t", wait(PG_CTL_WAIT_SECONDS)),
        "start",
        PG_CTL_WAIT_SECONDS);
  }

  /** A fast shutdown: rolls back open transactions. */
  @Override
  public void stop(int waitSeconds) {
    if (!isRunning()) {
      return;
    }
    pgCtl("pg_ctl stop", List.of("-m", "fast", "-w", "-t", wait(waitSeconds)), "stop", waitSeconds);
  }

  @Override
  public void restart() throws IOException {
    pgCtl(
        "pg_ctl restart",
        List.of("-l", logFile().toString(), "-m", "fast", "-w", "-t", wait(PG_CTL_WAIT_SECONDS)),
        "restart",
        PG_CTL_WAIT_SECONDS);
  }

  /**
   * Whether the postmaster named in postmaster.pid is alive. Read directly rather than through
   * {@code pg_ctl status}: it is cheap enough for every heartbeat and needs no user switch.
   */
  @Override
  public boolean isRunning() {
    Path pidFile = pgdata.resolve("postmaster.pid");
    String firstLine;
    try {
      firstLine = AgentWrites.read(pidFile).lines().findFirst().orElse("");
    } catch (IOException e) {
      return false;
    }
    long pid;
    try {
      pid = Long.parseLong(firstLine.trim());
    } catch (NumberFormatException e) {
      return false;
    }
    Optional<ProcessHandle> process = runAs.process(pid);
    return process.isPresent()
        && process.get().isAlive()
        && process.get().info().command().map(c -> c.contains("postgres")).orElse(true);
  }

  /** The log pg_ctl appends to as the datastore's user: made by the agent in the volume's top. */
  private Path logFile() throws IOException {
    Path file = AgentWrites.ensureFile(dataDir.resolve(LOG_FILE));
    runAs.chown(file);
    return file;
  }

  private void pgCtl(String name, List<String> options, String action, int waitSeconds) {
    List<String> command =
        new ArrayList<>(List.of(binaries.pgCtl().toString(), "-D", pgdata.toString()));
    command.addAll(options);
    command.add(action);
    runner.runChecked(
        name, runAs.wrap(command), dataDir, Duration.ofSeconds(waitSeconds).plus(PG_CTL_SLACK));
  }

  private static String wait(int seconds) {
    return Integer.toString(seconds);
  }
}
