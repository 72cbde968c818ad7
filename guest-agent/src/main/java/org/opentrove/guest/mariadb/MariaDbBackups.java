package org.opentrove.guest.mariadb;

import static org.opentrove.guest.backup.BackupObjects.feed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MariaDB backups with mariadb-backup: a hot, consistent copy streamed as xbstream ({@code
 * backup.xb}); an incremental one holds the pages changed since its parent's {@code to_lsn}. It
 * logs in over the server's socket as the OS user's unix_socket account, so no password is on a
 * command line. A restore extracts the chain, prepares the full backup, applies each incremental in
 * order, and copies the result into an empty data directory.
 */
final class MariaDbBackups implements DatastoreBackups {
  private static final Logger log = LoggerFactory.getLogger(MariaDbBackups.class);
  private static final String STREAM = "backup.xb";
  private static final Duration TIMEOUT = Duration.ofHours(24);

  private final MariaDbApp app;

  MariaDbBackups(MariaDbApp app) {
    this.app = app;
  }

  @Override
  public BackupResult backup(
      BackupArgs args, DatastoreAdmin admin, BackupObjects objects, LongConsumer progress)
      throws IOException {
    Path work = workDir("backup-" + args.backupId());
    try {
      int port = admin.port();
      List<String> command =
          new ArrayList<>(
              List.of(
                  app.binaries().backupTool().toString(),
                  "--defaults-file=" + MariaDbConf.file(app.dataDir()),
                  "--backup",
                  "--stream=xbstream",
                  "--target-dir=" + work,
                  "--extra-lsndir=" + work,
                  "--user=" + app.socketUser(),
                  "--socket=" + MariaDbConf.socket(app.dataDir(), port)));
      if (args.parent() != null) {
        String parentLsn = args.parent().metadata().get("to_lsn");
        if (parentLsn == null) {
          throw new IOException("parent backup " + args.parent().backupId() + " names no to_lsn");
        }
        command.add("--incremental-lsn=" + parentLsn);
      }
      app.runner().stream(
          "mariadb-backup --backup",
          app.runAs().wrap(command),
          app.dataDir(),
          Map.of(),
          TIMEOUT,
          process -> objects.put(STREAM, process.getInputStream(), progress));
      Map<String, String> checkpoints = checkpoints(work.resolve("xtrabackup_checkpoints"));
      Map<String, String> metadata = new LinkedHashMap<>();
      metadata.put("type", args.parent() == null ? "full" : "incremental");
      metadata.put("from_lsn", checkpoints.get("from_lsn"));
      metadata.put("to_lsn", checkpoints.get("to_lsn"));
      return objects.finish(metadata);
    } finally {
      FileTrees.delete(work);
    }
  }

  @Override
  public void restore(
      List<BackupPiece> chain,
      ObjectStore store,
      AdminCredentials credentials,
      int port,
      int memoryMb)
      throws IOException {
    restoreData(chain, store);
    app.initialise(credentials, port, memoryMb);
    log.info("restored from {} backup(s)", chain.size());
  }

  /**
   * Replaces the data directory with the chain's data (the server stopped) and answers the GTID
   * position the backup is consistent with: empty when the source wrote no GTID yet, null when its
   * binary log was off.
   */
  String restoreData(List<BackupPiece> chain, ObjectStore store) throws IOException {
    app.stop(60);
    List<Path> pieces = new ArrayList<>();
    try {
      for (int i = 0; i < chain.size(); i++) {
        BackupPiece piece = chain.get(i);
        Path dir = workDir("restore-" + i);
        pieces.add(dir);
        app.runner().stream(
            "mbstream -x",
            app.runAs()
                .wrap(List.of(app.binaries().mbstream().toString(), "-x", "-C", dir.toString())),
            app.dataDir(),
            Map.of(),
            TIMEOUT,
            process ->
                feed(
                    BackupObjects.open(store, piece.location(), STREAM),
                    process.getOutputStream()));
      }
      Path full = pieces.get(0);
      prepare(List.of("--target-dir=" + full));
      for (Path incremental : pieces.subList(1, pieces.size())) {
        prepare(List.of("--target-dir=" + full, "--incremental-dir=" + incremental));
      }
      String gtid = binlogGtid(pieces.get(pieces.size() - 1));
      Path data = app.emptyDataDirectory();
      app.runner()
          .runChecked(
              "mariadb-backup --copy-back",
              app.runAs()
                  .wrap(
                      List.of(
                          app.binaries().backupTool().toString(),
                          "--no-defaults",
                          "--copy-back",
                          "--target-dir=" + full,
                          "--datadir=" + data)),
              app.dataDir(),
              TIMEOUT);
      app.markInstalled();
      return gtid;
    } finally {
      for (Path piece : pieces) {
        FileTrees.delete(piece);
      }
    }
  }

  /**
   * The third field of the binary log coordinates mariadb-backup wrote into the backup (file,
   * offset, GTID position); empty when the source wrote no GTID yet, null when it names none.
   */
  private static String binlogGtid(Path backup) throws IOException {
    for (String name : List.of("mariadb_backup_binlog_info", "xtrabackup_binlog_info")) {
      Path file = backup.resolve(name);
      if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        String[] fields = AgentWrites.read(file).strip().split("\t");
        return fields.length >= 3 ? fields[2].strip() : "";
      }
    }
    return null;
  }

  private void prepare(List<String> targets) {
    List<String> command =
        new ArrayList<>(
            List.of(app.binaries().backupTool().toString(), "--no-defaults", "--prepare"));
    command.addAll(targets);
    app.runner()
        .runChecked("mariadb-backup --prepare", app.runAs().wrap(command), app.dataDir(), TIMEOUT);
  }

  /**
   * A new directory of the datastore's user for one job, in {@code work/}, which stays root's (so
   * the tenant cannot point a job's directory elsewhere before the agent makes it).
   */
  private Path workDir(String name) throws IOException {
    Path work = AgentWrites.ensureOwnDirectory(app.dataDir().resolve("work"));
    Path dir = work.resolve(name);
    FileTrees.delete(dir);
    AgentWrites.ensureDirectory(dir);
    app.runAs().chown(dir);
    return dir;
  }

  /** Written by mariadb-backup as the datastore's user: read without following a link. */
  private static Map<String, String> checkpoints(Path file) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : AgentWrites.read(file).lines().toList()) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    return values;
  }
}
