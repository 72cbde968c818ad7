package org.opentrove.guest.mariadb;

import static org.opentrove.guest.Identifiers.quoteMysqlLiteral;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;
import org.opentrove.guest.AdminCredentials;
import org.opentrove.guest.DatastoreAdmin;
import org.opentrove.guest.DatastoreApp;
import org.opentrove.guest.DatastoreClustering;
import org.opentrove.guest.DatastoreReplication;
import org.opentrove.guest.backup.DatastoreBackups;
import org.opentrove.guest.os.AgentWrites;
import org.opentrove.guest.os.DetachedStart;
import org.opentrove.guest.os.FileTrees;
import org.opentrove.guest.os.ProcessFailedException;
import org.opentrove.guest.os.ProcessRunner;
import org.opentrove.guest.os.RunAs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MariaDB's lifecycle on this instance: install-db, the option file, and the server as a process in
 * its own session (it outlives a killed agent, as PostgreSQL does; a restarted agent finds it
 * through its pid file). The agent's administrator is (re)created by the server's init-file at
 * every start, from a password hash: the file never holds the password itself.
 */
final class MariaDbApp implements DatastoreApp {
  /** The OS user MariaDB runs as when the agent runs as root. */
  static final String OS_USER = "mysql";

  static final String INSTALLED_MARKER = "mariadb.install-done";
  static final String INITIALISED_MARKER = "mariadb.initialised";

  private static final Logger log = LoggerFactory.getLogger(MariaDbApp.class);
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private final MariaDbBinaries binaries;
  private final Path dataDir;
  private final RunAs runAs;
  private final ProcessRunner runner;
  private final long serverId;

  /**
   * @param instanceId names this member of a replica set: its server id is derived from it
   */
  MariaDbApp(
      MariaDbBinaries binaries,
      Path dataDir,
      RunAs runAs,
      ProcessRunner runner,
      String instanceId) {
    this.binaries = binaries;
    this.dataDir = dataDir;
    this.runAs = runAs;
    this.runner = runner;
    this.serverId = serverIdOf(instanceId);
  }

  long serverId() {
    return serverId;
  }

  /** 1 to 2^32-1, as MariaDB wants: a CRC of the instance id. */
  static long serverIdOf(String instanceId) {
    CRC32 crc = new CRC32();
    crc.update(instanceId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    long id = crc.getValue();
    return id == 0 ? 1 : id;
  }

  @Override
  public String displayName() {
    return "MariaDB";
  }

  @Override
  public String datastore() {
    return MariaDbManager.DATASTORE;
  }

  @Override
  public DatastoreBackups backups() {
    return new MariaDbBackups(this);
  }

  Path dataDir() {
    return dataDir;
  }

  MariaDbBinaries binaries() {
    return binaries;
  }

  RunAs runAs() {
    return runAs;
  }

  ProcessRunner runner() {
    return runner;
  }

  /** The account the server gives its OS user through unix_socket (install-db made it). */
  String socketUser() {
    return runAs.user().orElse(System.getProperty("user.name"));
  }

  void markInstalled() throws IOException {
    AgentWrites.mark(dataDir.resolve(INSTALLED_MARKER));
  }

  /**
   * A new, empty data directory of the datastore's user (install-db or copy-back fills it): the
   * volume's top is root's, so the user could not make it there, nor put anything in its place.
   */
  Path emptyDataDirectory() throws IOException {
    Path data = dataDir.resolve(MariaDbConf.DATA);
    FileTrees.delete(data);
    runAs.chown(AgentWrites.ensureDirectory(data));
    return data;
  }

  @Override
  public DatastoreAdmin admin(int port, AdminCredentials.Login login) {
    return new MariaDbAdmin(port, login.password(), socketUser());
  }

  @Override
  public DatastoreReplication replication() {
    return new MariaDbReplication(this);
  }

  @Override
  public DatastoreClustering clustering() {
    return new MariaDbClustering(this);
  }

  @Override
  public void initialiseAhead(AdminCredentials credentials) throws IOException {
    Path data = dataDir.resolve(MariaDbConf.DATA);
    if (Files.exists(dataDir.resolve(INSTALLED_MARKER))
        && Files.isDirectory(data.resolve("mysql"))) {
      return;
    }
    if (Files.exists(data, LinkOption.NOFOLLOW_LINKS)) {
      log.warn("{} exists but install-db never finished; removing it", data);
    }
    emptyDataDirectory();
    List<String> command =
        List.of(
            binaries.installDb().toString(),
            "--no-defaults",
            "--datadir=" + data,
            "--skip-test-db",
            "--auth-root-authentication-method=socket",
            // Not left to $USER, which runuser sets and docker exec does not.
            "--auth-root-socket-user=" + socketUser());
    runner.runChecked("mariadb-install-db", runAs.wrap(command), dataDir, INSTALL_TIMEOUT);
    markInstalled();
  }

  @Override
  public boolean isInitialised() {
    return Files.exists(dataDir.resolve(INITIALISED_MARKER))
        && Files.isDirectory(dataDir.resolve(MariaDbConf.DATA).resolve("mysql"));
  }

  @Override
  public void initialise(AdminCredentials credentials, int port, int memoryMb) throws IOException {
    initialiseAhead(credentials);
    configure(credentials, port, memoryMb);
    markInitialised();
  }

  /**
   * The option file stays root's (the server and its tools only read it); the init file is the
   * server's to read, in the volume's top where no one else can swap it.
   */
  void configure(AdminCredentials credentials, int port, int memoryMb) throws IOException {
    MariaDbConf.write(dataDir, port, memoryMb, runAs.clientNetwork(), serverId);
    Path files = AgentWrites.ensureDirectory(MariaDbConf.filesDir(dataDir));
    Path run = AgentWrites.ensureDirectory(MariaDbConf.runDir(dataDir));
    Path init = writeInitFile(credentials.password());
    runAs.chown(init, files, run);
  }

  /**
   * The init file of a cluster member: its own accounts are made with replication off too (each
   * member keeps its own password; a state transfer brings the donor's tables, which this file, run
   * at every start after it, corrects).
   */
  void writeMemberInitFile(AdminCredentials credentials) throws IOException {
    runAs.chown(writeInitFile(credentials.password()));
  }

  void markInitialised() throws IOException {
    AgentWrites.mark(dataDir.resolve(INITIALISED_MARKER));
  }

  @Override
  public void reconfigure(int port, int memoryMb) throws IOException {
    MariaDbConf.write(dataDir, port, memoryMb, runAs.clientNetwork(), serverId);
  }

  private Path writeInitFile(String adminPassword) throws IOException {
    // In a container the agent arrives through the published port, from the bridge's gateway.
    String host = runAs.inContainer() ? "'%'" : "'127.0.0.1'";
    String account = quoteMysqlLiteral(AdminCredentials.USER) + "@" + host;
    String hash = quoteMysqlLiteral(MariaDbAdmin.nativeHash(adminPassword));
    // Each member's own account: kept out of the binary log, so replicas never receive it.
    List<String> statements = new ArrayList<>();
    boolean clusterMember = Files.exists(MariaDbConf.clusterFile(dataDir));
    if (clusterMember) {
      statements.add("SET SESSION wsrep_on = OFF;");
    }
    statements.addAll(
        List.of(
            "SET SESSION sql_log_bin = 0;",
            "CREATE USER IF NOT EXISTS " + account + " IDENTIFIED BY PASSWORD " + hash + ";",
            "ALTER USER " + account + " IDENTIFIED BY PASSWORD " + hash + ";",
            "GRANT ALL PRIVILEGES ON *.* TO " + account + " WITH GRANT OPTION;"));
    if (clusterMember) {
      // A donor's state transfer logs in as its OS user through the socket (no password).
      String socketAccount = quoteMysqlLiteral(socketUser()) + "@'localhost'";
      statements.add("CREATE USER IF NOT EXISTS " + socketAccount + " IDENTIFIED VIA unix_socket;");
      statements.add("GRANT ALL PRIVILEGES ON *.* TO " + socketAccount + " WITH GRANT OPTION;");
    }
    return AgentWrites.replace(
        dataDir.resolve(MariaDbConf.INIT_FILE),
        String.join("\n", statements) + "\n",
        PosixFilePermissions.fromString("rw-------"));
  }

  /** A cluster member may receive all data (state transfer) before it takes connections. */
  private static final Duration MEMBER_START_TIMEOUT = Duration.ofHours(2);

  @Override
  public void start() throws IOException {
    boolean member = Files.exists(MariaDbConf.clusterFile(dataDir));
    start(List.of(), member ? MEMBER_START_TIMEOUT : START_TIMEOUT);
  }

  /**
   * Starts the server with {@code options} after the option file's, waiting at most {@code timeout}
   * for it to take connections (a joining cluster member first receives all data).
   */
  void start(List<String> options, Duration timeout) throws IOException {
    if (isRunning()) {
      return;
    }
    Files.deleteIfExists(dataDir.resolve(MariaDbConf.HANDOVER_FILE));
    int port = MariaDbConf.port(dataDir).orElseThrow(() -> notConfigured());
    // A server that died (killed, or aborted while starting) leaves its socket; in the host's
    // shared
    // fallback directory another instance's user could not remove it and would not start. (In a
    // container the directory is the container's own, and the server's user is always the same.)
    if (!runAs.inContainer()) {
      Files.deleteIfExists(MariaDbConf.socket(dataDir, port));
    }
    List<String> command = new ArrayList<>(List.of(binaries.server().toString()));
    command.add("--defaults-file=" + MariaDbConf.file(dataDir));
    // mariadbd drops to this user itself; no runuser process stays in between.
    runAs.serverUserOption().ifPresent(user -> command.add("--user=" + user));
    command.addAll(options);
    // The server appends to its log as its user; the agent makes it, in the volume's top.
    Path log = AgentWrites.ensureFile(dataDir.resolve(MariaDbConf.LOG_FILE));
    runAs.chown(log, AgentWrites.ensureDirectory(MariaDbConf.runDir(dataDir)));
    DetachedStart started = runAs.startDetached(command, log, dataDir);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!accepts(port)) {
      if (started.failed() && !isRunning()) {
        throw new ProcessFailedException(
            "mariadbd " + started.howItEnded() + " while starting; see " + log.getFileName(), -1);
      }
      if (System.nanoTime() > deadline) {
        throw new ProcessFailedException(
            "mariadbd did not accept connections on port " + port + " within " + timeout, -1);
      }
      sleep(50);
    }
  }

  /** A clean shutdown (SIGTERM: InnoDB flushes and the server exits), if it runs. */
  @Override
  public void stop(int waitSeconds) {
    Optional<ProcessHandle> server = server();
    if (server.isEmpty()) {
      return;
    }
    server.get().destroy();
    long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
    while (server.get().isAlive()) {
      if (System.nanoTime() > deadline) {
        throw new ProcessFailedException("mariadbd did not stop within " + waitSeconds + " s", -1);
      }
      sleep(50);
    }
  }

  @Override
  public void restart() throws IOException {
    stop(60);
    start();
  }

  @Override
  public boolean isRunning() {
    return server().isPresent();
  }

  /** The server named in its pid file, if that process is alive and is a MariaDB server. */
  private Optional<ProcessHandle> server() {
    String text;
    try {
      text = AgentWrites.read(MariaDbConf.pidFile(dataDir));
    } catch (IOException e) {
      return Optional.empty();
    }
    long pid;
    try {
      pid = Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return runAs
        .process(pid)
        .filter(p -> p.info().command().map(MariaDbApp::isServerCommand).orElse(true));
  }

  private static boolean isServerCommand(String command) {
    return command.endsWith("mariadbd") || command.endsWith("mysqld");
  }

  /**
   * Whether the server greets a client on {@code port}: a bare TCP connect is not enough, since
   * docker's proxy accepts on a published port before anything listens behind it.
   */
  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      socket.setSoTimeout(1000);
      return socket.getInputStream().read() >= 0;
    } catch (IOException e) {
      return false;
    }
  }

  private IllegalStateException notConfigured() {
    return new IllegalStateException(MariaDbConf.file(dataDir) + " has not been written");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
