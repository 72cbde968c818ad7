package org.opentrove.guest.postgres;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.opentrove.contract.BackupPiece;
import org.opentrove.contract.ReplicaLogin;
import org.opentrove.contract.ReplicationSource;
import org.opentrove.guest.AdminCredentials;
import org.opentrove.guest.DatastoreAdmin;
import org.opentrove.guest.DatastoreReplication;
import org.opentrove.guest.Identifiers;
import org.opentrove.guest.Passwords;
import org.opentrove.guest.os.AgentWrites;
import org.opentrove.objects.ObjectStore;
import org.postgresql.util.PasswordUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streaming replication. The source gives each replica its own account ({@code os_repl_<replica
 * hex>}, a superuser with REPLICATION: the replica's agent logs in with it, as its copy of {@code
 * os_admin} has the source's password) and a physical slot of the same name, made before the copy
 * starts so the source keeps every WAL segment the replica has not received. The replica copies the
 * source with {@code pg_basebackup} through that slot and follows it as a hot standby: read-only.
 */
final class PostgresReplication implements DatastoreReplication {
  static final String ACCOUNT_PREFIX = "os_repl_";
  private static final Logger log = LoggerFactory.getLogger(PostgresReplication.class);
  private static final Duration COPY_TIMEOUT = Duration.ofHours(6);
  private static final Duration PROMOTE_WAIT = Duration.ofSeconds(60);
  private static final Duration SLOT_RELEASE_WAIT = Duration.ofSeconds(30);

  private final PostgresApp app;

  PostgresReplication(PostgresApp app) {
    this.app = app;
  }

  /** The replica's account and slot name: lower-case hex, a valid role and slot name. */
  static String accountOf(String replicaId) {
    return ACCOUNT_PREFIX + UUID.fromString(replicaId).toString().replace("-", "");
  }

  @Override
  public ReplicaLogin addReplica(DatastoreAdmin admin, String replicaId) throws SQLException {
    String account = accountOf(replicaId);
    String password = Passwords.generate();
    String verifier = PasswordUtil.encodeScramSha256(password.toCharArray());
    try (Connection connection = ((PostgresAdmin) admin).maintenanceConnection();
        Statement statement = connection.createStatement()) {
      localCommits(statement);
      String role = quoteIdentifier(account);
      String attributes = " WITH LOGIN REPLICATION SUPERUSER PASSWORD " + quoteLiteral(verifier);
      if (exists(connection, "select 1 from pg_roles where rolname = ?", account)) {
        statement.execute("ALTER ROLE " + role + attributes);
      } else {
        statement.execute("CREATE ROLE " + role + attributes);
      }
      if (!exists(connection, "select 1 from pg_replication_slots where slot_name = ?", account)) {
        try (PreparedStatement slot =
            connection.prepareStatement("select pg_create_physical_replication_slot(?, true)")) {
          slot.setString(1, account);
          slot.execute();
        }
      }
    }
    log.info("replica {}: account and slot {} ready", replicaId, account);
    return new ReplicaLogin(account, password, account);
  }

  @Override
  public void removeReplica(DatastoreAdmin admin, String replicaId) throws SQLException {
    String account = accountOf(replicaId);
    try (Connection connection = ((PostgresAdmin) admin).maintenanceConnection()) {
      try (Statement statement = connection.createStatement()) {
        localCommits(statement);
      }
      long deadline = System.nanoTime() + SLOT_RELEASE_WAIT.toNanos();
      while (true) {
        try (PreparedStatement end =
            connection.prepareStatement(
                "select pg_terminate_backend(pid) from pg_stat_activity where usename = ?")) {
          end.setString(1, account);
          end.execute();
        }
        try (PreparedStatement drop =
            connection.prepareStatement(
                "select pg_drop_replication_slot(slot_name) from pg_replication_slots"
                    + " where slot_name = ? and not active")) {
          drop.setString(1, account);
          drop.execute();
        }
        if (!exists(
            connection, "select 1 from pg_replication_slots where slot_name = ?", account)) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new SQLException("the replica's slot " + account + " stays in use");
        }
        sleep(100);
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("DROP ROLE IF EXISTS " + quoteIdentifier(account));
      }
    }
    log.info("replica {}: account and slot {} removed", replicaId, account);
  }

  @Override
  public void seed(
      ReplicationSource source,
      List<BackupPiece> snapshot,
      ObjectStore store,
      AdminCredentials credentials,
      int port,
      int memoryMb)
      throws IOException {
    ReplicaLogin login = source.login();
    app.stop(60);
    app.emptyPgdata();
    Path passFile =
        PgPassFile.write(
            app.dataDir(),
            app.runAs(),
            source.host(),
            source.port(),
            login.user(),
            login.password());
    try {
      List<String> command =
          List.of(
              app.binaries().binDir().resolve("pg_basebackup").toString(),
              "-h",
              source.host(),
              "-p",
              Integer.toString(source.port()),
              "-U",
              login.user(),
              "-w",
              "-D",
              app.pgdata().toString(),
              "-Fp",
              "-X",
              "stream",
              "-S",
              login.slot(),
              "--checkpoint=fast",
              "--no-sync");
      app.runner().stream(
          "pg_basebackup",
          app.runAs().wrap(command, Set.of("PGPASSFILE")),
          app.dataDir(),
          Map.of("PGPASSFILE", passFile.toString()),
          COPY_TIMEOUT,
          process -> {
            process.getOutputStream().close();
            process.getInputStream().transferTo(OutputStream.nullOutputStream());
          });
    } finally {
      Files.deleteIfExists(passFile);
    }
    app.runner()
        .runChecked(
            "sync", List.of("sync", "-f", app.pgdata().toString()), app.dataDir(), COPY_TIMEOUT);
    writeStandby(source);
    app.runAs().chown(AgentWrites.mark(app.pgdata().resolve("standby.signal")));
    app.configure(port, memoryMb, null);
    credentials.useReplicaLogin(login.user(), login.password());
    app.markInitialised();
    log.info(
        "copied from {} ({}:{}); following it", source.sourceId(), source.host(), source.port());
  }

  @Override
  public String stopAsSource(DatastoreAdmin admin) throws IOException {
    app.stop(60);
    Map<String, String> control = controlData();
    String state = control.getOrDefault("Database cluster state", "");
    if (!state.equals("shut down")) {
      throw new IOException("PostgreSQL did not stop cleanly (cluster state: " + state + ")");
    }
    return control.get("Latest checkpoint location");
  }

  /** {@code pg_controldata}'s lines, as name and value. */
  private Map<String, String> controlData() {
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    app.runner().stream(
        "pg_controldata",
        app.runAs()
            .wrap(
                List.of(
                    app.binaries().binDir().resolve("pg_controldata").toString(),
                    "-D",
                    app.pgdata().toString())),
        app.dataDir(),
        Map.of("LC_ALL", "C"),
        Duration.ofSeconds(30),
        process -> {
          process.getOutputStream().close();
          process.getInputStream().transferTo(captured);
        });
    String out = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
    Map<String, String> values = new java.util.HashMap<>();
    for (String line : out.split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        values.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
      }
    }
    return values;
  }

  @Override
  public void promote(DatastoreAdmin admin, AdminCredentials credentials, String after)
      throws IOException, SQLException {
    PostgresAdmin pg = (PostgresAdmin) admin;
    try (Connection connection = pg.maintenanceConnection();
        Statement statement = connection.createStatement()) {
      if (inRecovery(statement)) {
        if (after != null) {
          awaitReplayPast(connection, after);
        }
        statement.execute("select pg_promote(true, " + PROMOTE_WAIT.toSeconds() + ")");
        if (inRecovery(statement)) {
          throw new IOException(
              "PostgreSQL was still in recovery "
                  + PROMOTE_WAIT.toSeconds()
                  + " s after pg_promote");
        }
      }
      // A copy of a synchronous source is synchronous too, with no replica yet: until the set
      // is re-pointed at it, its commits would wait for ever. Its set makes it so again then.
      localCommits(statement);
      statement.execute("ALTER SYSTEM RESET synchronous_standby_names");
      statement.execute("select pg_reload_conf()");
      if (credentials.usesReplicaLogin()) {
        String verifier = PasswordUtil.encodeScramSha256(credentials.password().toCharArray());
        statement.execute(
            "ALTER ROLE "
                + quoteIdentifier(AdminCredentials.USER)
                + " PASSWORD "
                + quoteLiteral(verifier));
      }
    }
    Files.deleteIfExists(app.pgdata().resolve(PostgresConf.STANDBY_FILE));
    credentials.dropReplicaLogin();
  }

  /** Waits until everything up to and including the record at {@code position} is replayed. */
  private static void awaitReplayPast(Connection connection, String position)
      throws SQLException, IOException {
    long deadline = System.nanoTime() + PROMOTE_WAIT.toNanos();
    try (PreparedStatement query =
        connection.prepareStatement(
            "select pg_last_wal_replay_lsn() > ?::pg_lsn, pg_last_wal_replay_lsn()::text")) {
      query.setString(1, position);
      while (true) {
        try (ResultSet rs = query.executeQuery()) {
          rs.next();
          if (rs.getBoolean(1)) {
            return;
          }
          if (System.nanoTime() > deadline) {
            throw new IOException(
                "the replica replayed up to "
                    + rs.getString(2)
                    + ", not past its source's last record at "
                    + position
                    + ", within "
                    + PROMOTE_WAIT.toSeconds()
                    + " s");
          }
        }
        sleep(10);
      }
    }
  }

  @Override
  public void follow(ReplicationSource source, AdminCredentials credentials) throws IOException {
    ReplicaLogin login = source.login();
    boolean running = app.isRunning();
    if (!running) {
      // A former source: the slots it kept for its replicas would hold WAL here for nobody.
      Path slots = app.pgdata().resolve("pg_replslot");
      if (Files.isDirectory(slots, LinkOption.NOFOLLOW_LINKS)) {
        try (var entries = Files.list(slots)) {
          for (Path slot : entries.toList()) {
            org.opentrove.guest.os.FileTrees.delete(slot);
          }
        }
      }
    }
    writeStandby(source);
    if (running) {
      try (Connection connection =
              ((PostgresAdmin) app.admin(portOf(), credentials.login())).maintenanceConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("select pg_reload_conf()");
      } catch (SQLException e) {
        throw new IOException("reloading the replica's settings failed: " + e.getMessage(), e);
      }
      credentials.useReplicaLogin(login.user(), login.password());
    } else {
      app.runAs().chown(AgentWrites.mark(app.pgdata().resolve("standby.signal")));
      credentials.useReplicaLogin(login.user(), login.password());
      app.start();
    }
    log.info("following {} ({}:{})", source.sourceId(), source.host(), source.port());
  }

  /** The port this server listens on, from its settings. */
  private int portOf() throws IOException {
    for (String line :
        AgentWrites.read(app.pgdata().resolve(PostgresConf.INCLUDE_FILE)).split("\n")) {
      if (line.startsWith("port = ")) {
        return Integer.parseInt(line.substring("port = ".length()).trim());
      }
    }
    throw new IOException("no port in " + PostgresConf.INCLUDE_FILE);
  }

  @Override
  public String receivedPosition(DatastoreAdmin admin) throws SQLException {
    try (Connection connection = ((PostgresAdmin) admin).maintenanceConnection();
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "select coalesce(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn())::text")) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Override
  public void setSynchronous(DatastoreAdmin admin, boolean synchronous) throws SQLException {
    try (Connection connection = ((PostgresAdmin) admin).maintenanceConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          synchronous
              ? "ALTER SYSTEM SET synchronous_standby_names = 'ANY 1 (*)'"
              : "ALTER SYSTEM RESET synchronous_standby_names");
      statement.execute("select pg_reload_conf()");
    }
    log.info("commits {}", synchronous ? "wait for one replica" : "wait for no replica");
  }

  /** The settings that make this server follow {@code source}, owned by the server's user. */
  private void writeStandby(ReplicationSource source) throws IOException {
    ReplicaLogin login = source.login();
    app.runAs()
        .chown(
            PostgresConf.writeStandby(
                app.pgdata(),
                source.host(),
                source.port(),
                login.user(),
                login.password(),
                login.slot()));
  }

  @Override
  public boolean isReplica() {
    return Files.exists(app.pgdata().resolve(PostgresConf.STANDBY_FILE), LinkOption.NOFOLLOW_LINKS);
  }

  @Override
  public void detach(DatastoreAdmin admin, AdminCredentials credentials)
      throws IOException, SQLException {
    PostgresAdmin pg = (PostgresAdmin) admin;
    promote(admin, credentials, null);
    try (Connection connection =
            ((PostgresAdmin) app.admin(pg.port(), credentials.login())).maintenanceConnection();
        Statement statement = connection.createStatement()) {
      localCommits(statement);
      for (String account : replicationAccounts(connection)) {
        statement.execute("DROP ROLE IF EXISTS " + quoteIdentifier(account));
      }
    }
    log.info("detached: this instance takes writes");
  }

  private static List<String> replicationAccounts(Connection connection) throws SQLException {
    List<String> accounts = new ArrayList<>();
    try (PreparedStatement query =
            connection.prepareStatement(
                "select rolname from pg_roles where rolname like 'os\\_repl\\_%'"
                    + " and rolname <> current_user");
        ResultSet rs = query.executeQuery()) {
      while (rs.next()) {
        accounts.add(rs.getString(1));
      }
    }
    return accounts;
  }

  /**
   * The agent's own commits in this session wait for no replica: on a synchronous source whose
   * replicas are gone (an account for a new one, say) they would wait for ever.
   */
  private static void localCommits(Statement statement) throws SQLException {
    statement.execute("SET synchronous_commit = local");
  }

  private static boolean inRecovery(Statement statement) throws SQLException {
    try (ResultSet rs = statement.executeQuery("select pg_is_in_recovery()")) {
      return rs.next() && rs.getBoolean(1);
    }
  }

  private static boolean exists(Connection connection, String query, String name)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(query)) {
      statement.setString(1, name);
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static String quoteIdentifier(String name) {
    return Identifiers.quoteIdentifier(name);
  }

  private static String quoteLiteral(String value) {
    return Identifiers.quoteLiteral(value);
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
