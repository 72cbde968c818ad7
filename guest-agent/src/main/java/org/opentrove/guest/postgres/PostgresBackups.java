package org.opentrove.guest.postgres;

import static org.opentrove.guest.backup.BackupObjects.feed;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.opentrove.contract.BackupArgs;
import org.opentrove.contract.BackupPiece;
import org.opentrove.guest.AdminCredentials;
import org.opentrove.guest.DatastoreAdmin;
import org.opentrove.guest.backup.BackupObjects;
import org.opentrove.guest.backup.BackupResult;
import org.opentrove.guest.backup.DatastoreBackups;
import org.opentrove.guest.os.AgentWrites;
import org.opentrove.guest.os.FileTrees;
import org.opentrove.objects.ObjectStore;
import org.postgresql.util.PasswordUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL backups. A full backup is {@code pg_basebackup} as one tar with the WAL it needs
 * ({@code base.tar}); an incremental one is the archived WAL segments since its parent ({@code
 * wal/<segment>}), up to a segment switched at backup time. A restore unpacks the full backup,
 * replays the chain's WAL to its end and promotes; the restored cluster's administrator then gets
 * this instance's password in single-user mode, with no network listener up.
 */
final class PostgresBackups implements DatastoreBackups {
  private static final Logger log = LoggerFactory.getLogger(PostgresBackups.class);
  private static final String BASE = "base.tar";
  private static final String WAL_PREFIX = "wal/";
  private static final Duration BACKUP_TIMEOUT = Duration.ofHours(24);
  private static final Duration ARCHIVE_WAIT = Duration.ofSeconds(60);
  private static final Duration RECOVERY_WAIT = Duration.ofMinutes(30);
  private static final String SEGMENT = "[0-9A-F]{24}";

  private final PostgresApp app;

  PostgresBackups(PostgresApp app) {
    this.app = app;
  }

  @Override
  public BackupResult backup(
      BackupArgs args, DatastoreAdmin admin, BackupObjects objects, LongConsumer progress)
      throws IOException {
    PostgresAdmin pg = (PostgresAdmin) admin;
    try {
      return args.parent() == null
          ? full(pg, objects, progress)
          : incremental(pg, args.parent(), objects, progress);
    } catch (SQLException e) {
      throw new IOException(e.getMessage() + " (SQLSTATE " + e.getSQLState() + ")", e);
    }
  }

  private BackupResult full(PostgresAdmin pg, BackupObjects objects, LongConsumer progress)
      throws IOException, SQLException {
    String walFirst = pg.currentWalFile();
    Path passFile = passFile(pg.port());
    try {
      List<String> command =
          List.of(
              app.binaries().binDir().resolve("pg_basebackup").toString(),
              "-h",
              "127.0.0.1",
              "-p",
              Integer.toString(pg.port()),
              "-U",
              loginUser(),
              "-w",
              "-D",
              "-",
              "-Ft",
              "-X",
              "fetch",
              "--checkpoint=fast");
      app.runner().stream(
          "pg_basebackup",
          app.runAs().wrapTool(command, Set.of("PGPASSFILE")),
          app.dataDir(),
          Map.of("PGPASSFILE", passFile.toString()),
          BACKUP_TIMEOUT,
          process -> objects.put(BASE, process.getInputStream(), progress));
    } finally {
      Files.deleteIfExists(passFile);
    }
    return objects.finish(Map.of("type", "full", "wal_first", walFirst));
  }

  private BackupResult incremental(
      PostgresAdmin pg, BackupPiece parent, BackupObjects objects, LongConsumer progress)
      throws IOException, SQLException {
    if (!pg.archiving()) {
      throw new IOException(
          "this instance does not archive WAL, so it cannot take incremental backups");
    }
    String last = pg.switchWal();
    awaitArchived(pg, last);
    String after = parent.metadata().get("wal_last");
    String first = parent.metadata().get("wal_first");
    if (after == null && first == null) {
      throw new IOException("parent backup " + parent.backupId() + " names no WAL position");
    }
    String timeline = last.substring(0, 8);
    List<Path> segments = new ArrayList<>();
    try (Stream<Path> files = Files.list(app.walArchive())) {
      files
          .filter(f -> f.getFileName().toString().matches(SEGMENT))
          .filter(f -> f.getFileName().toString().startsWith(timeline))
          .filter(
              f -> {
                String name = f.getFileName().toString();
                boolean afterParent =
                    after != null ? name.compareTo(after) > 0 : name.compareTo(first) >= 0;
                return afterParent && name.compareTo(last) <= 0;
              })
          .sorted()
          .forEach(segments::add);
    }
    if (!last.equals(after)) { // else nothing was written since the parent
      requireContiguous(segments, after != null ? next(after) : first, last);
    }
    for (Path segment : segments) {
      // The archive is the datastore user's: a segment must be a file, not a link to the host's.
      if (!AgentWrites.isFile(segment)) {
        throw new IOException("WAL segment " + segment.getFileName() + " is not a regular file");
      }
      try (InputStream in = Files.newInputStream(segment, LinkOption.NOFOLLOW_LINKS)) {
        objects.put(WAL_PREFIX + segment.getFileName(), in, progress);
      }
    }
    log.info(
        "incremental backup: {} WAL segments after {}",
        segments.size(),
        after == null ? first : after);
    return objects.finish(Map.of("type", "incremental", "wal_last", last));
  }

  /**
   * A gap would let a restore stop early and promote with rows missing: the segments must follow
   * each other, up to the one switched for this backup.
   */
  private static void requireContiguous(List<Path> segments, String start, String last)
      throws IOException {
    if (segments.isEmpty()
        || !segments.get(segments.size() - 1).getFileName().toString().equals(last)) {
      throw missing(last);
    }
    String first = segments.get(0).getFileName().toString();
    if (start.substring(0, 8).equals(last.substring(0, 8)) && !first.equals(start)) {
      throw missing(start);
    }
    for (int i = 1; i < segments.size(); i++) {
      String expected = next(segments.get(i - 1).getFileName().toString());
      if (!segments.get(i).getFileName().toString().equals(expected)) {
        throw missing(expected);
      }
    }
  }

  /** The archive leaves a segment out when the volume is full (see {@link PostgresConf}). */
  private static IOException missing(String segment) {
    return new IOException(
        "WAL segment "
            + segment
            + " is missing from the archive (segments are left out while the volume is full);"
            + " take a full backup");
  }

  /** The segment after {@code name} (16 MiB segments: 256 per log file). */
  static String next(String name) {
    String timeline = name.substring(0, 8);
    long log = Long.parseLong(name.substring(8, 16), 16);
    long seg = Long.parseLong(name.substring(16, 24), 16) + 1;
    if (seg > 0xFF) {
      seg = 0;
      log++;
    }
    return timeline + String.format("%08X%08X", log, seg);
  }

  /** Archived means the archiver renamed it into place, so the file is whole. */
  private void awaitArchived(PostgresAdmin pg, String segment) throws IOException, SQLException {
    long deadline = System.nanoTime() + ARCHIVE_WAIT.toNanos();
    while (!Files.exists(app.walArchive().resolve(segment))) {
      if (System.nanoTime() > deadline) {
        throw new IOException(
            "WAL segment "
                + segment
                + " was not archived within "
                + ARCHIVE_WAIT.toSeconds()
                + " s (last archived: "
                + pg.lastArchivedWal()
                + ")");
      }
      sleep(50);
    }
  }

  /** The agent's login in a libpq password file. */
  private Path passFile(int port) throws IOException {
    AdminCredentials.Login login = new AdminCredentials(app.dataDir()).login();
    return PgPassFile.write(
        app.dataDir(), app.runAs(), "127.0.0.1", port, login.user(), login.password());
  }

  private String loginUser() throws IOException {
    return new AdminCredentials(app.dataDir()).login().user();
  }

  @Override
  public void restore(
      List<BackupPiece> chain,
      ObjectStore store,
      AdminCredentials credentials,
      int port,
      int memoryMb)
      throws IOException {
    app.stop(60);
    Path pgdata = app.pgdata();
    app.emptyPgdata();
    BackupPiece full = chain.get(0);
    app.runner().stream(
        "tar -x",
        app.runAs().wrap(List.of("tar", "-x", "-f", "-", "-C", pgdata.toString())),
        app.dataDir(),
        Map.of(),
        BACKUP_TIMEOUT,
        process ->
            feed(BackupObjects.open(store, full.location(), BASE), process.getOutputStream()));
    Path wal = app.dataDir().resolve("restore-wal");
    FileTrees.delete(wal);
    AgentWrites.ensureDirectory(wal);
    for (BackupPiece piece : chain.subList(1, chain.size())) {
      for (String file : BackupObjects.files(store, piece.location())) {
        if (file.startsWith(WAL_PREFIX)) {
          try (InputStream in = BackupObjects.open(store, piece.location(), file)) {
            Files.copy(in, wal.resolve(file.substring(WAL_PREFIX.length())));
          }
        }
      }
    }
    app.runAs().chownRecursive(wal);
    app.configure(port, memoryMb, wal);
    Path signal = AgentWrites.mark(pgdata.resolve("recovery.signal"));
    app.runAs().chown(signal);
    app.start();
    awaitEndOfRecovery();
    app.stop(60);
    setAdminPassword(credentials.password());
    app.configure(port, memoryMb, null);
    FileTrees.delete(wal);
    app.markInitialised();
    log.info(
        "restored from {} backup(s), the last {}",
        chain.size(),
        chain.get(chain.size() - 1).backupId());
  }

  /** PostgreSQL removes recovery.signal when recovery ended and the cluster was promoted. */
  private void awaitEndOfRecovery() throws IOException {
    Path signal = app.pgdata().resolve("recovery.signal");
    long deadline = System.nanoTime() + RECOVERY_WAIT.toNanos();
    while (Files.exists(signal)) {
      if (!app.isRunning()) {
        throw new IOException("PostgreSQL stopped during recovery; see postgresql.log");
      }
      if (System.nanoTime() > deadline) {
        throw new IOException(
            "recovery did not finish within " + RECOVERY_WAIT.toMinutes() + " minutes");
      }
      sleep(100);
    }
  }

  private void setAdminPassword(String password) {
    String verifier = PasswordUtil.encodeScramSha256(password.toCharArray());
    String statement =
        "ALTER ROLE \""
            + AdminCredentials.USER
            + "\" PASSWORD '"
            + verifier.replace("'", "''")
            + "';\n";
    app.runner().stream(
        "postgres --single",
        app.runAs()
            .wrap(
                List.of(
                    app.binaries().postgres().toString(),
                    "--single",
                    "-D",
                    app.pgdata().toString(),
                    PostgresAdmin.MAINTENANCE_DATABASE)),
        app.dataDir(),
        Map.of(),
        Duration.ofMinutes(5),
        process -> {
          try (OutputStream in = process.getOutputStream()) {
            in.write(statement.getBytes(StandardCharsets.UTF_8));
          }
          process.getInputStream().transferTo(OutputStream.nullOutputStream());
        });
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
