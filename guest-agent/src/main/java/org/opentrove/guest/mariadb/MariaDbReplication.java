package org.opentrove.guest.mariadb;

import static org.opentrove.guest.Identifiers.quoteMysqlLiteral;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.opentrove.contract.BackupPiece;
import org.opentrove.contract.GuestErrorType;
import org.opentrove.contract.ReplicaLogin;
import org.opentrove.contract.ReplicationSource;
import org.opentrove.guest.AdminCredentials;
import org.opentrove.guest.DatastoreAdmin;
import org.opentrove.guest.DatastoreReplication;
import org.opentrove.guest.GuestOperationException;
import org.opentrove.guest.Passwords;
import org.opentrove.guest.os.AgentWrites;
import org.opentrove.objects.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GTID replication. The source gives each replica its own account ({@code os_repl_<replica hex>},
 * REPLICATION SLAVE only); the replica restores a mariadb-backup of the source taken for it, starts
 * at the GTID position that backup is consistent with, and follows the source read-only. Every
 * member writes a binary log of what it applies, so any of them can become the source and the
 * others continue from their own GTID position.
 */
final class MariaDbReplication implements DatastoreReplication {
  static final String ACCOUNT_PREFIX = "os_repl_";
  private static final Logger log = LoggerFactory.getLogger(MariaDbReplication.class);
  private static final int PROMOTE_WAIT_SECONDS = 60;
  private static final int HANDOVER_LOCK_WAIT_SECONDS = 30;
  private static final int CONNECT_RETRY_SECONDS = 2;

  private final MariaDbApp app;

  MariaDbReplication(MariaDbApp app) {
    this.app = app;
  }

  static String accountOf(String replicaId) {
    return ACCOUNT_PREFIX + UUID.fromString(replicaId).toString().replace("-", "");
  }

  private static String accountAnyHost(String user) {
    return quoteMysqlLiteral(user) + "@'%'";
  }

  @Override
  public ReplicaLogin addReplica(DatastoreAdmin admin, String replicaId) throws SQLException {
    try {
      ensureBinaryLog(binaryLogIsOn((MariaDbAdmin) admin));
    } catch (IOException e) {
      throw new SQLException("turning the binary log on failed: " + e.getMessage(), e);
    }
    String user = accountOf(replicaId);
    String password = Passwords.generate();
    String account = accountAnyHost(user);
    String hash = quoteMysqlLiteral(MariaDbAdmin.nativeHash(password));
    try (Connection connection = ((MariaDbAdmin) admin).maintenanceConnection();
        Statement statement = connection.createStatement()) {
      // Written to the binary log: every replica has the account, for when it becomes the source.
      statement.execute("CREATE USER IF NOT EXISTS " + account + " IDENTIFIED BY PASSWORD " + hash);
      statement.execute("ALTER USER " + account + " IDENTIFIED BY PASSWORD " + hash);
      statement.execute("GRANT REPLICATION SLAVE ON *.* TO " + account);
    }
    log.info("replica {}: account {} ready", replicaId, user);
    return new ReplicaLogin(user, password, null);
  }

  @Override
  public void removeReplica(DatastoreAdmin admin, String replicaId) throws SQLException {
    String user = accountOf(replicaId);
    try (Connection connection = ((MariaDbAdmin) admin).maintenanceConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP USER IF EXISTS " + accountAnyHost(user));
      for (long id : sessionsOf(connection, user)) {
        try {
          statement.execute("KILL CONNECTION " + id);
        } catch (SQLException e) {
          log.debug("session {} of {} ended by itself: {}", id, user, e.getMessage());
        }
      }
    }
    log.info("replica {}: account {} removed", replicaId, user);
  }

  private static List<Long> sessionsOf(Connection connection, String user) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (PreparedStatement query =
        connection.prepareStatement(
            "select id from information_schema.processlist where user = ?")) {
      query.setString(1, user);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
    }
    return ids;
  }

  @Override
  public void seed(
      ReplicationSource source,
      List<BackupPiece> snapshot,
      ObjectStore store,
      AdminCredentials credentials,
      int port,
      int memoryMb)
      throws IOException, SQLException {
    if (snapshot.isEmpty()) {
      throw new IOException("a MariaDB replica starts from a backup of its source; none was given");
    }
    String gtid = new MariaDbBackups(app).restoreData(snapshot, store);
    if (gtid == null) {
      throw new IOException(
          "the source's backup names no binary log position: its binary log was off (restart"
              + " the source to turn it on)");
    }
    app.configure(credentials, port, memoryMb);
    MariaDbConf.writeReplication(app.dataDir());
    markReplica();
    app.start();
    try (Connection connection = session(port, credentials);
        Statement statement = connection.createStatement()) {
      if (followsSource(statement)) {
        statement.execute("STOP SLAVE");
      }
      statement.execute("SET GLOBAL gtid_slave_pos = " + quoteMysqlLiteral(gtid));
      statement.execute(changeSource(source, "slave_pos"));
      statement.execute("START SLAVE");
    }
    app.markInitialised();
    log.info(
        "restored {}'s backup at GTID {}; following it ({}:{})",
        source.sourceId(),
        gtid.isEmpty() ? "(none)" : gtid,
        source.host(),
        source.port());
  }

  /** Where to replicate from, with the replica's own login there. */
  private static String changeSource(ReplicationSource source, String position) {
    ReplicaLogin login = source.login();
    return "CHANGE MASTER TO MASTER_HOST = "
        + quoteMysqlLiteral(source.host())
        + ", MASTER_PORT = "
        + source.port()
        + ", MASTER_USER = "
        + quoteMysqlLiteral(login.user())
        + ", MASTER_PASSWORD = "
        + quoteMysqlLiteral(login.password())
        + ", MASTER_CONNECT_RETRY = "
        + CONNECT_RETRY_SECONDS
        + ", MASTER_USE_GTID = "
        + position;
  }

  /**
   * Takes no more writes (read-only, then a global read lock that waits for running writes and
   * holds off new ones, a privileged account's too), notes the GTID position of the last one, and
   * stops the server.
   */
  @Override
  public String stopAsSource(DatastoreAdmin admin) throws IOException, SQLException {
    Path handover = app.dataDir().resolve(MariaDbConf.HANDOVER_FILE);
    if (admin == null) {
      if (Files.exists(handover, LinkOption.NOFOLLOW_LINKS)) {
        return AgentWrites.read(handover).strip();
      }
      throw new IOException("MariaDB is not running and no hand-over position was noted");
    }
    String last;
    try (Connection connection = ((MariaDbAdmin) admin).maintenanceConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("SET SESSION lock_wait_timeout = " + HANDOVER_LOCK_WAIT_SECONDS);
      statement.execute("SET GLOBAL read_only = ON");
      try {
        statement.execute("FLUSH TABLES WITH READ LOCK");
      } catch (SQLException e) {
        // No hand-over: the source keeps taking writes.
        statement.execute("SET GLOBAL read_only = OFF");
        throw e;
      }
      try (ResultSet rs = statement.executeQuery("SELECT @@GLOBAL.gtid_binlog_pos")) {
        rs.next();
        last = rs.getString(1);
      }
      AgentWrites.replace(handover, last + "\n");
      app.stop(60);
    }
    return last;
  }

  @Override
  public void promote(DatastoreAdmin admin, AdminCredentials credentials, String after)
      throws IOException, SQLException {
    try (Connection connection = ((MariaDbAdmin) admin).maintenanceConnection();
        Statement statement = connection.createStatement()) {
      if (isReplica()) {
        // A switchover waits for the source's last transaction; a failover for all received.
        String last = after != null ? after : receivedGtids(statement);
        if (!last.isEmpty()) {
          awaitApplied(connection, last);
        }
      }
      if (followsSource(statement)) {
        statement.execute("STOP SLAVE");
        statement.execute("RESET SLAVE ALL");
      }
      statement.execute("SET GLOBAL read_only = OFF");
    }
    Files.deleteIfExists(MariaDbConf.replicaFile(app.dataDir()));
  }

  /** Waits until the replica applied every transaction up to {@code position}. */
  private static void awaitApplied(Connection connection, String position)
      throws SQLException, IOException {
    try (PreparedStatement wait =
        connection.prepareStatement("SELECT MASTER_GTID_WAIT(?, ?), @@GLOBAL.gtid_slave_pos")) {
      wait.setString(1, position);
      wait.setInt(2, PROMOTE_WAIT_SECONDS);
      try (ResultSet rs = wait.executeQuery()) {
        rs.next();
        if (rs.getInt(1) != 0) {
          throw new IOException(
              "the replica applied up to GTID "
                  + rs.getString(2)
                  + ", not its source's last transaction "
                  + position
                  + ", within "
                  + PROMOTE_WAIT_SECONDS
                  + " s");
        }
      }
    }
  }

  private static boolean followsSource(Statement statement) throws SQLException {
    try (ResultSet rs = statement.executeQuery("SHOW SLAVE STATUS")) {
      return rs.next();
    }
  }

  /**
   * A running replica is re-pointed; a source stopped to hand over starts read-only and follows
   * from its own last transaction, which the new source applied before it took writes.
   */
  @Override
  public void follow(ReplicationSource source, AdminCredentials credentials) throws IOException {
    int port = MariaDbConf.port(app.dataDir()).orElseThrow(() -> new IOException("not prepared"));
    if (!Files.exists(MariaDbConf.replicationFile(app.dataDir()), LinkOption.NOFOLLOW_LINKS)) {
      ensureBinaryLog(false);
    }
    markReplica();
    if (!app.isRunning()) {
      app.start();
    }
    try (Connection connection = session(port, credentials);
        Statement statement = connection.createStatement()) {
      statement.execute("SET GLOBAL read_only = ON");
      if (followsSource(statement)) {
        statement.execute("STOP SLAVE");
      }
      statement.execute(changeSource(source, "current_pos"));
      statement.execute("START SLAVE");
    } catch (SQLException e) {
      throw new IOException("pointing the replica at its new source failed: " + e.getMessage(), e);
    }
    log.info("following {} ({}:{})", source.sourceId(), source.host(), source.port());
  }

  @Override
  public String receivedPosition(DatastoreAdmin admin) throws SQLException {
    try (Connection connection = ((MariaDbAdmin) admin).maintenanceConnection();
        Statement statement = connection.createStatement()) {
      return receivedGtids(statement);
    }
  }

  /**
   * The GTID position of the last transaction the replica received (applied or still in its relay
   * log); what it applied when it received nothing since it started.
   */
  private static String receivedGtids(Statement statement) throws SQLException {
    try (ResultSet rs = statement.executeQuery("SHOW SLAVE STATUS")) {
      if (rs.next()) {
        String received = rs.getString("Gtid_IO_Pos");
        if (received != null && !received.isEmpty()) {
          return received;
        }
      }
    }
    try (ResultSet rs = statement.executeQuery("SELECT @@GLOBAL.gtid_slave_pos")) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Override
  public void setSynchronous(DatastoreAdmin admin, boolean synchronous) {
    throw new GuestOperationException(
        GuestErrorType.UNKNOWN_METHOD, "synchronous replication is not built for MariaDB");
  }

  @Override
  public boolean isReplica() {
    return Files.exists(MariaDbConf.replicaFile(app.dataDir()), LinkOption.NOFOLLOW_LINKS);
  }

  @Override
  public void detach(DatastoreAdmin admin, AdminCredentials credentials)
      throws IOException, SQLException {
    promote(admin, credentials, null);
    try (Connection connection = ((MariaDbAdmin) admin).maintenanceConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("SET SESSION sql_log_bin = 0");
      for (String user : replicationAccounts(connection)) {
        statement.execute("DROP USER IF EXISTS " + accountAnyHost(user));
      }
    }
    log.info("detached: this instance takes writes");
  }

  private static List<String> replicationAccounts(Connection connection) throws SQLException {
    List<String> users = new ArrayList<>();
    try (Statement query = connection.createStatement();
        ResultSet rs =
            query.executeQuery(
                "select distinct User from mysql.user where User like 'os\\\\_repl\\\\_%'")) {
      while (rs.next()) {
        users.add(rs.getString(1));
      }
    }
    return users;
  }

  /**
   * A server's first replica turns its binary log on, which takes a restart (as Trove's MySQL
   * family restarts a source when it gets its first replica); a member has it already. Whether it
   * is on is the running server's answer: a call that wrote the settings and died before the
   * restart leaves it off.
   */
  private void ensureBinaryLog(boolean on) throws IOException {
    if (on) {
      return;
    }
    MariaDbConf.includeSettings(app.dataDir(), app.serverId());
    MariaDbConf.writeReplication(app.dataDir());
    if (app.isRunning()) {
      log.info("restarting MariaDB to turn its binary log on: it has its first replica");
      app.restart();
    }
  }

  private static boolean binaryLogIsOn(MariaDbAdmin admin) throws SQLException {
    try (Connection connection = admin.maintenanceConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT @@GLOBAL.log_bin")) {
      return rs.next() && rs.getInt(1) == 1;
    }
  }

  /** The server reads this at every start: a replica stays read-only across restarts. */
  private void markReplica() throws IOException {
    AgentWrites.replace(
        MariaDbConf.replicaFile(app.dataDir()),
        "# written by the guest agent while this server follows a source\n"
            + "[mysqld]\n"
            + "read_only=ON\n");
  }

  private Connection session(int port, AdminCredentials credentials)
      throws IOException, SQLException {
    return ((MariaDbAdmin) app.admin(port, credentials.login())).maintenanceConnection();
  }
}
