package org.opentrove.guest.mariadb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.opentrove.guest.os.AgentWrites;
import org.opentrove.guest.os.ClientNetwork;

/**
 * The server's own option file, {@code <data_dir>/my.cnf} (root's, 0644, in the volume's root-owned
 * top): every path inside this instance's directory, TCP on 127.0.0.1 only, and memory sized from
 * the flavor. Read with {@code --defaults-file}, so the host's {@code /etc/mysql} settings never
 * apply.
 */
final class MariaDbConf {
  static final String FILE_NAME = "my.cnf";
  static final String DATA = "mysql-data";
  static final String LOG_FILE = "mariadb.log";
  static final String PID_FILE = "mysqld.pid";

  /**
   * The server's pid file and socket, which it creates and removes itself: a directory of its
   * user's, since the volume's top is root's.
   */
  static final String RUN_DIR = "run";

  static final String INIT_FILE = "init.sql";

  /** Option files read after this one (root's, in the volume's root-owned top). */
  static final String INCLUDE_DIR = "my.cnf.d";

  static final String REPLICA_FILE = "replica.cnf";
  static final String CLUSTER_FILE = "galera.cnf";
  static final String REPLICATION_FILE = "replication.cnf";

  /**
   * The last GTID position of a source stopped to hand over, for a retried hand-over; any start of
   * the server ends that hand-over and removes it.
   */
  static final String HANDOVER_FILE = "handover.gtid";

  /** A replica further behind than this cannot catch up: the source removed what it needs. */
  private static final long BINLOG_KEPT_SECONDS = 7 * 24 * 3600;

  /**
   * The only directory {@code LOAD_FILE}, {@code LOAD DATA} and {@code SELECT ... INTO OUTFILE} may
   * touch ({@code secure_file_priv}): inside the instance, so a tenant's root reads and writes
   * nothing else of the host through the server.
   */
  static final String FILES_DIR = "files";

  /** A Unix socket path longer than this does not fit in sockaddr_un. */
  private static final int MAX_SOCKET_PATH = 100;

  private MariaDbConf() {}

  static Path filesDir(Path dataDir) {
    return dataDir.resolve(FILES_DIR);
  }

  static Path runDir(Path dataDir) {
    return dataDir.resolve(RUN_DIR);
  }

  static Path pidFile(Path dataDir) {
    return runDir(dataDir).resolve(PID_FILE);
  }

  static Path file(Path dataDir) {
    return dataDir.resolve(FILE_NAME);
  }

  static Path includeDir(Path dataDir) {
    return dataDir.resolve(INCLUDE_DIR);
  }

  /** The settings of a replica, there only while the server follows a source. */
  static Path replicaFile(Path dataDir) {
    return includeDir(dataDir).resolve(REPLICA_FILE);
  }

  /** A cluster member's settings (wsrep), there once it is a member. */
  static Path clusterFile(Path dataDir) {
    return includeDir(dataDir).resolve(CLUSTER_FILE);
  }

  /** The server lists it; only the agent writes in it. */
  private static void ensureIncludeDir(Path dataDir) throws IOException {
    Files.setPosixFilePermissions(
        AgentWrites.ensureDirectory(includeDir(dataDir)),
        PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** The binary log's settings, there once the server is a member of a replica set. */
  static Path replicationFile(Path dataDir) {
    return includeDir(dataDir).resolve(REPLICATION_FILE);
  }

  /**
   * The binary log (GTIDs, row events, a replica's applied events too), so that any member of a
   * replica set can be a source. Only members have it: a standalone server whose volume fills
   * refuses the write (1114), while one writing a binary log waits for space, its sessions hung.
   */
  static Path writeReplication(Path dataDir) throws IOException {
    return AgentWrites.replace(
        replicationFile(dataDir),
        String.join(
                "\n",
                "# written by the guest agent: this server is a member of a replica set",
                "[mysqld]",
                "log_bin=mysql-bin",
                "relay_log=relay-bin",
                "binlog_format=ROW",
                "log_slave_updates=ON",
                "gtid_strict_mode=ON",
                "binlog_expire_logs_seconds=" + BINLOG_KEPT_SECONDS)
            + "\n");
  }

  /**
   * In a container the server listens on its own interface, reached only through the port; {@code
   * serverId} tells the members of a replica set apart.
   */
  static Path write(Path dataDir, int port, int memoryMb, ClientNetwork clients, long serverId)
      throws IOException {
    int bufferPoolMb = Math.max(16, memoryMb / 4);
    ensureIncludeDir(dataDir);
    List<String> lines =
        List.of(
            "# written by the guest agent; changes are overwritten",
            "[mysqld]",
            "datadir=" + dataDir.resolve(DATA),
            "port=" + port,
            "bind-address=" + (clients == ClientNetwork.LOCAL ? "127.0.0.1" : "0.0.0.0"),
            "socket=" + socket(dataDir, port),
            "pid-file=" + pidFile(dataDir),
            "log-error=" + dataDir.resolve(LOG_FILE),
            "init-file=" + dataDir.resolve(INIT_FILE),
            "secure_file_priv=" + filesDir(dataDir),
            "skip-name-resolve",
            "character-set-server=utf8mb4",
            "collation-server=utf8mb4_general_ci",
            "innodb_buffer_pool_size=" + bufferPoolMb + "M",
            "innodb_log_file_size=32M",
            "performance_schema=OFF",
            "max_connections=200",
            "server_id=" + serverId,
            "!includedir " + includeDir(dataDir));
    return AgentWrites.replace(file(dataDir), String.join("\n", lines) + "\n");
  }

  /**
   * An option file written before it read {@code my.cnf.d} (and named a server id) gets both, so
   * that the binary log's settings apply.
   */
  static void includeSettings(Path dataDir, long serverId) throws IOException {
    String text = AgentWrites.read(file(dataDir));
    if (!text.contains("!includedir ")) {
      ensureIncludeDir(dataDir);
      AgentWrites.replace(
          file(dataDir),
          text + "server_id=" + serverId + "\n!includedir " + includeDir(dataDir) + "\n");
    }
  }

  /** The port the option file names, if it was written. */
  static Optional<Integer> port(Path dataDir) throws IOException {
    Path file = file(dataDir);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .filter(line -> line.startsWith("port="))
        .map(line -> Integer.parseInt(line.substring("port=".length()).trim()))
        .findFirst();
  }

  static Path socket(Path dataDir, int port) {
    Path inside = runDir(dataDir).resolve("mysqld.sock");
    return inside.toString().length() <= MAX_SOCKET_PATH
        ? inside
        : Path.of(System.getProperty("java.io.tmpdir"), "opentrove-mariadb-" + port + ".sock");
  }
}
