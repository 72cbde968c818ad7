package org.opentrove.guest.mariadb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.opentrove.guest.GuestConfigException;
import org.opentrove.guest.os.ProcessRunner;
import org.opentrove.guest.os.RunAs;

/** The host's MariaDB server and install-db programs (Debian's {@code mariadb-server}). */
record MariaDbBinaries(Path server, Path installDb, Path knownBackupTool, Path knownMbstream) {
  /** Debian's mariadb-server and mariadb-backup in the project's datastore image. */
  static final MariaDbBinaries IN_IMAGE =
      new MariaDbBinaries(
          Path.of("/usr/sbin/mariadbd"),
          Path.of("/usr/bin/mariadb-install-db"),
          Path.of("/usr/bin/mariadb-backup"),
          Path.of("/usr/bin/mbstream"));

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final List<Path> SERVERS =
      List.of(Path.of("/usr/sbin/mariadbd"), Path.of("/usr/sbin/mysqld"));
  private static final List<Path> BACKUP_TOOLS =
      List.of(Path.of("/usr/bin/mariadb-backup"), Path.of("/usr/bin/mariabackup"));
  private static final List<Path> MBSTREAMS =
      List.of(Path.of("/usr/bin/mbstream"), Path.of("/usr/bin/mariadb-backup-mbstream"));
  private static final List<Path> INSTALLERS =
      List.of(Path.of("/usr/bin/mariadb-install-db"), Path.of("/usr/bin/mysql_install_db"));

  static MariaDbBinaries locate() {
    Optional<Path> server = SERVERS.stream().filter(Files::isExecutable).findFirst();
    Optional<Path> installDb = INSTALLERS.stream().filter(Files::isExecutable).findFirst();
    if (server.isEmpty() || installDb.isEmpty()) {
      throw new GuestConfigException(
          "MariaDB is not installed on this host: no "
              + (server.isEmpty() ? SERVERS : INSTALLERS)
              + " (install Debian's mariadb-server)");
    }
    return new MariaDbBinaries(server.get(), installDb.get(), null, null);
  }

  /** mariadb-backup (Debian's {@code mariadb-backup} package), needed only for backups. */
  Path backupTool() {
    return knownBackupTool != null
        ? knownBackupTool
        : firstExecutable(BACKUP_TOOLS, "mariadb-backup");
  }

  Path mbstream() {
    return knownMbstream != null ? knownMbstream : firstExecutable(MBSTREAMS, "mariadb-backup");
  }

  private static Path firstExecutable(List<Path> candidates, String debianPackage) {
    return candidates.stream()
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(
            () ->
                new GuestConfigException(
                    "no " + candidates + " on this host (install Debian's " + debianPackage + ")"));
  }

  String version(ProcessRunner runner, RunAs runAs, Path workDir) {
    return runner
        .run(
            "mariadbd --version",
            runAs.wrapTool(List.of(server.toString(), "--version"), Set.of()),
            workDir,
            TIMEOUT)
        .tailText()
        .strip();
  }
}
