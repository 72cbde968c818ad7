package org.opentrove.guest.postgres;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.opentrove.contract.VolumeUsage;
import org.opentrove.guest.os.AgentWrites;
import org.opentrove.guest.os.ClientNetwork;

/**
 * The server settings the agent owns. pgdata is the datastore user's, so each file is written new
 * and renamed over its name ({@link AgentWrites}): a link the tenant put there is replaced, never
 * written through. They live in {@code pgdata/opentrove.conf}, included once at the end of
 * postgresql.conf so they win over initdb's defaults; pg_hba.conf is replaced. Writing them again
 * is harmless.
 */
final class PostgresConf {
  static final String INCLUDE_FILE = "opentrove.conf";
  static final String STANDBY_FILE = "opentrove-standby.conf";
  static final int MIN_SHARED_BUFFERS_MB = 16;
  private static final long MIB = 1L << 20;
  private static final long SEGMENT_MB = 16;
  private static final long ARCHIVE_KEEPS_FREE_BYTES =
      VolumeUsage.FULL_BELOW_BYTES + SEGMENT_MB * MIB;
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");
  private static final String INCLUDE_LINE = "include '" + INCLUDE_FILE + "'";

  private PostgresConf() {}

  /**
   * Writes the settings; returns the files written, which the server's user must own. Finished WAL
   * segments are copied to {@code walArchive}: incremental backups are made of them. A non-null
   * {@code restoreFrom} adds the restore command of a recovery from that directory. In a container
   * the server listens on the container's own interface too, where only the port published on the
   * host's 127.0.0.1 reaches it (its clients arrive from the bridge's gateway). With {@code
   * walAreaBytes} (the reserved area pg_wal lives in) the WAL kept between checkpoints is sized to
   * fit it.
   */
  static List<Path> write(
      Path pgdata,
      int port,
      int memoryMb,
      Path walArchive,
      Path restoreFrom,
      ClientNetwork clients,
      Optional<Long> walAreaBytes)
      throws IOException {
    Path settings = pgdata.resolve(INCLUDE_FILE);
    String text =
        settings(port, memoryMb, clients)
            + walAreaBytes.map(PostgresConf::walSize).orElse("")
            + archiving(walArchive);
    if (restoreFrom != null) {
      text += "restore_command = " + literal("cp " + restoreFrom + "/%f \"%p\"") + "\n";
    }
    // A replica's settings live apart, so rewriting these (a resize) keeps it following.
    text += "include_if_exists '" + STANDBY_FILE + "'\n";
    AgentWrites.replace(settings, text, OWNER_ONLY);

    Path postgresqlConf = pgdata.resolve("postgresql.conf");
    String existing = AgentWrites.read(postgresqlConf);
    if (!existing.lines().anyMatch(INCLUDE_LINE::equals)) {
      AgentWrites.replace(
          postgresqlConf,
          existing + "\n# Added by the OpenTrove guest agent.\n" + INCLUDE_LINE + "\n",
          OWNER_ONLY);
    }

    Path hba = pgdata.resolve("pg_hba.conf");
    AgentWrites.replace(hba, hba(clients), OWNER_ONLY);
    return List.of(settings, postgresqlConf, hba);
  }

  /**
   * Copies a finished segment under a temporary name and renames it, so a reader never sees half a
   * segment; a segment archived before (a retry after a crash) succeeds if it is identical. The
   * archive is on the volume with the tenant's data: when the volume is full the segment is left
   * out (with a line in the server's log) rather than failed, because PostgreSQL keeps every
   * segment it could not archive in pg_wal, which would then grow until the reserved area is full
   * too. It is also left out while copying it would leave the volume full: room the tenant makes on
   * a full volume (a dropped table) goes to the tenant's next writes, not to the archive. An
   * incremental backup refuses the gap, so the next backup must be a full one.
   */
  private static String archiving(Path walArchive) {
    String target = walArchive + "/%f";
    String command =
        "t="
            + target
            + "; if [ -f \"$t\" ]; then cmp -s %p \"$t\";"
            + " elif [ \"$(df --output=avail -B1 \""
            + walArchive
            + "\" | tail -n 1)\" -lt "
            + ARCHIVE_KEEPS_FREE_BYTES
            + " ]; then echo \"archiving %f: left out, the volume is nearly full\" >&2;"
            + " elif out=$( { cp %p \"$t.tmp\" && mv \"$t.tmp\" \"$t\"; } 2>&1 ); then :;"
            + " else rm -f \"$t.tmp\"; echo \"archiving %f: $out\" >&2;"
            + " case \"$out\" in *'No space left on device'*) ;; *) exit 1;; esac; fi";
    return "archive_mode = on\n"
        + "archive_command = "
        + literal("export LC_ALL=C; " + command)
        + "\n";
  }

  /**
   * The WAL kept between checkpoints: a quarter of the reserved area, in whole 16 MiB segments (at
   * least two). The server may overshoot it while a checkpoint runs; a 1 GB volume filled as fast
   * as it would go peaked below twice max_wal_size (97 and 113 MB with 64 MB). As much is kept past
   * checkpoints ({@code wal_keep_size}): a backup ({@code pg_basebackup -X fetch}) reads the WAL of
   * its whole run at its end, and with checkpoints this close together (each backup forces one and
   * switches segments) that WAL was otherwise recycled under a throttled backup ("requested WAL
   * segment ... has already been removed").
   */
  static String walSize(long areaBytes) {
    long maxMb = Math.max(2 * SEGMENT_MB, areaBytes / 4 / MIB / SEGMENT_MB * SEGMENT_MB);
    long minMb = Math.max(2 * SEGMENT_MB, Math.min(80, maxMb / 2));
    return "max_wal_size = '"
        + maxMb
        + "MB'\n"
        + "min_wal_size = '"
        + minMb
        + "MB'\n"
        + "wal_keep_size = '"
        + maxMb
        + "MB'\n"
        // A replica's slot keeps no more: one gone for good cannot fill the area.
        + "max_slot_wal_keep_size = '"
        + maxMb
        + "MB'\n";
  }

  /**
   * A replica's settings: where its source is, with the replica's login, and the slot the source
   * keeps for it. Returns the file, which the server's user must own.
   */
  static Path writeStandby(
      Path pgdata, String host, int port, String user, String password, String slot)
      throws IOException {
    String conninfo =
        "host="
            + conninfoValue(host)
            + " port="
            + port
            + " user="
            + conninfoValue(user)
            + " password="
            + conninfoValue(password)
            + " application_name="
            + conninfoValue(slot)
            + " sslmode=disable connect_timeout=5";
    Path file = pgdata.resolve(STANDBY_FILE);
    AgentWrites.replace(
        file,
        "# Managed by the OpenTrove guest agent: this instance is a replica.\n"
            + "primary_conninfo = "
            + literal(conninfo)
            + "\n"
            + "primary_slot_name = "
            + literal(slot)
            + "\n"
            + "hot_standby = on\n"
            + "hot_standby_feedback = on\n"
            + "wal_receiver_status_interval = '1s'\n",
        OWNER_ONLY);
    return file;
  }

  /** libpq's quoting of a connection string value. */
  private static String conninfoValue(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** A single-quoted configuration value. */
  private static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  static int sharedBuffersMb(int memoryMb) {
    return Math.max(MIN_SHARED_BUFFERS_MB, memoryMb / 4);
  }

  private static String settings(int port, int memoryMb, ClientNetwork clients) {
    return "# Managed by the OpenTrove guest agent; rewritten on every initialisation.\n"
        + "listen_addresses = '"
        + (clients == ClientNetwork.LOCAL ? "127.0.0.1" : "*")
        + "'\n"
        + "port = "
        + port
        + "\n"
        + "unix_socket_directories = ''\n"
        + "shared_buffers = '"
        + sharedBuffersMb(memoryMb)
        + "MB'\n"
        + "max_connections = 100\n"
        + "password_encryption = 'scram-sha-256'\n";
  }

  private static String hba(ClientNetwork clients) {
    String text =
        "# Managed by the OpenTrove guest agent: TCP only, SCRAM passwords.\n"
            + "# TYPE  DATABASE  USER  ADDRESS       METHOD\n"
            + "host    all       all   127.0.0.1/32  scram-sha-256\n"
            // Replication needs the REPLICATION attribute too: the agent's and its replicas'.
            + "host    replication all 127.0.0.1/32  scram-sha-256\n";
    String others =
        switch (clients) {
          case LOCAL -> null;
          case SAME_NETWORK -> "samenet";
          case ANY -> "0.0.0.0/0";
        };
    if (others != null) {
      text +=
          "host    all       all   "
              + others
              + "       scram-sha-256\n"
              + "host    replication all "
              + others
              + "     scram-sha-256\n";
    }
    return text;
  }
}
