package org.opentrove.guest.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentrove.contract.BackupArgs;
import org.opentrove.contract.BackupPiece;
import org.opentrove.contract.BackupUpdate;
import org.opentrove.contract.PrepareArgs;
import org.opentrove.contract.ServiceStatus;
import org.opentrove.guest.AdminCredentials;
import org.opentrove.guest.GuestOperationException;
import org.opentrove.guest.ManagedDatastore;
import org.opentrove.guest.TestDirs;
import org.opentrove.guest.TestEngine;
import org.opentrove.guest.backup.BackupRunner;
import org.opentrove.guest.os.RunAs;
import org.opentrove.objects.ObjectStoreConfig;
import org.opentrove.objects.ObjectStores;

/**
 * A tenant with program execution runs as the datastore's OS user and plants symbolic links where
 * the agent (root) writes, pointing at root's files outside the volume. Real PostgreSQL, as root.
 */
class TenantLinksTest {
  private static final String HOST_TEXT = "root's file, not the tenant's\n";

  private final List<ManagedDatastore> managers = new ArrayList<>();
  private Path base;
  private Path dataDir;
  private Path outside;
  private int port;

  @BeforeEach
  void setUp() throws IOException {
    assumeTrue(RunAs.isRoot(), "the hole exists only when the agent runs as root");
    try {
      FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
    } catch (UserPrincipalNotFoundException e) {
      assumeTrue(false, "running as root needs the postgres OS user");
    }
    base = TestDirs.traversableTempDir("guest-agent-links");
    dataDir = TestDirs.traversableChild(base, "volume");
    outside = base.resolve("host-file");
    Files.writeString(outside, HOST_TEXT);
    Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rw-r--r--"));
    port = TestDirs.freePort();
  }

  @AfterEach
  void tearDown() throws IOException {
    managers.forEach(ManagedDatastore::shutdown);
    TestDirs.deleteTree(base);
  }

  @Test
  void configurationWrittenOverTheTenantsLinksReplacesTheLinks() throws Exception {
    ManagedDatastore first = newManager();
    first.prepare(args());
    first.stopDb();
    for (String file : List.of("pg_hba.conf", "opentrove.conf")) {
      assertThat(asTenant("ln -sf " + outside + " pgdata/" + file).exitCode).isZero();
    }
    // The instance is configured again (a prepare that did not finish, then retried) and restarted.
    Files.delete(dataDir.resolve(PostgresApp.INITIALISED_MARKER));

    ManagedDatastore again = newManager();
    GuestOperationException failure = null;
    try {
      again.prepare(args());
      again.restart();
    } catch (GuestOperationException e) {
      failure = e;
    }

    assertHostFileUntouched();
    assertThat(failure).isNull();
    assertThat(again.status().serviceStatus()).isEqualTo(ServiceStatus.HEALTHY);
    for (String file : List.of("pg_hba.conf", "opentrove.conf")) {
      Path written = dataDir.resolve("pgdata").resolve(file);
      assertThat(Files.isRegularFile(written, LinkOption.NOFOLLOW_LINKS)).as(file).isTrue();
      assertThat(Files.getOwner(written, LinkOption.NOFOLLOW_LINKS).getName())
          .isEqualTo("postgres");
    }
    assertThat(Files.readString(dataDir.resolve("pgdata/pg_hba.conf"))).contains("scram-sha-256");
  }

  @Test
  void aLinkedPostgresqlConfIsRefusedAndNotCopiedIntoPgdata() throws Exception {
    ManagedDatastore first = newManager();
    first.prepare(args());
    first.stopDb();
    assertThat(asTenant("ln -sf " + outside + " pgdata/postgresql.conf").exitCode).isZero();
    Files.delete(dataDir.resolve(PostgresApp.INITIALISED_MARKER));

    assertThatThrownBy(() -> newManager().prepare(args()))
        .isInstanceOf(GuestOperationException.class)
        .hasMessageContaining("postgresql.conf is not a regular file");

    assertHostFileUntouched();
    assertThat(Files.isSymbolicLink(dataDir.resolve("pgdata/postgresql.conf"))).isTrue();
  }

  @Test
  void aDirectoryInPgdataSwappedForALinkIsNotFollowedWhenPgdataIsRemoved() throws Exception {
    Path hostDir = Files.createDirectory(base.resolve("host-dir"));
    Path hostFile = Files.writeString(hostDir.resolve("keep"), HOST_TEXT);
    newManager().stopDb();
    // A half-made pgdata (initdb never finished) with a tenant's link in it, as initdb's user.
    Files.createDirectory(dataDir.resolve("pgdata"));
    Files.setOwner(
        dataDir.resolve("pgdata"),
        FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("postgres"));
    assertThat(asTenant("mkdir pgdata/base && ln -s " + hostDir + " pgdata/base/1").exitCode)
        .isZero();

    newManager().prepare(args());

    assertThat(hostFile).hasContent(HOST_TEXT);
    assertHostFileUntouched();
  }

  @Test
  void anArchivedSegmentLinkedToAHostFileFailsTheIncrementalBackupInsteadOfUploadingIt()
      throws Exception {
    ObjectStoreConfig store = new ObjectStoreConfig();
    store.path = base.resolve("objects").toString();
    ManagedDatastore manager = newManager(store);
    manager.prepare(args());
    BlockingQueue<BackupUpdate> reports = new LinkedBlockingQueue<>();
    try (BackupRunner runner =
        new BackupRunner("test-instance", ObjectStores.open(store), reports::add)) {
      runner.start(new BackupArgs("full-1", "full-1/", null), manager.backups(), manager::admin);
      BackupUpdate full = outcome(reports);
      assertThat(full.state()).as(full.message()).isEqualTo(BackupUpdate.COMPLETED);

      String current;
      try (Connection connection = connectAsAdmin();
          Statement statement = connection.createStatement()) {
        String switched = query(statement, "select pg_walfile_name(pg_switch_wal())");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        // The archiver may name the backup's history file last (<segment>.<offset>.backup).
        while (String.valueOf(query(statement, "select last_archived_wal from pg_stat_archiver"))
                .compareTo(switched)
            < 0) {
          assertThat(System.nanoTime())
              .as("segment " + switched + " archived")
              .isLessThan(deadline);
          Thread.sleep(50);
        }
        statement.execute("create table written_after (id int)");
        current = query(statement, "select pg_walfile_name(pg_current_wal_lsn())");
      }
      // The segment the incremental backup switches to is, in the archive, the tenant's link.
      assertThat(asTenant("ln -s " + outside + " wal-archive/" + current).exitCode).isZero();

      runner.start(
          new BackupArgs("inc-1", "inc-1/", new BackupPiece("full-1", "full-1/", full.metadata())),
          manager.backups(),
          manager::admin);
      BackupUpdate incremental = outcome(reports);

      assertThat(incremental.state()).isEqualTo(BackupUpdate.FAILED);
      assertThat(incremental.message()).contains(current).contains("not a regular file");
    }
    try (Stream<Path> objects = Files.walk(base.resolve("objects"))) {
      for (Path object : objects.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(object), StandardCharsets.ISO_8859_1))
            .as(object.toString())
            .doesNotContain(HOST_TEXT.strip());
      }
    }
    assertHostFileUntouched();
  }

  private static BackupUpdate outcome(BlockingQueue<BackupUpdate> reports)
      throws InterruptedException {
    while (true) {
      BackupUpdate update = reports.poll(120, TimeUnit.SECONDS);
      assertThat(update).as("a backup report").isNotNull();
      if (!BackupUpdate.SAVING.equals(update.state())) {
        return update;
      }
    }
  }

  private Connection connectAsAdmin() throws Exception {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/postgres?sslmode=disable",
        AdminCredentials.USER,
        new AdminCredentials(dataDir).password());
  }

  private static String query(Statement statement, String sql) throws Exception {
    try (ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private void assertHostFileUntouched() throws IOException {
    assertThat(Files.isSymbolicLink(outside)).isFalse();
    assertThat(Files.readString(outside)).isEqualTo(HOST_TEXT);
    assertThat(Files.getOwner(outside).getName()).isEqualTo("root");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(outside)))
        .isEqualTo("rw-r--r--");
  }

  private record Result(int exitCode, String output) {}

  /** A shell command as the datastore's OS user, in the data directory: what the tenant can do. */
  private Result asTenant(String command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder("runuser", "-u", "postgres", "--", "sh", "-c", command)
            .directory(dataDir.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    System.out.printf("as the tenant: %s -> %d %s%n", command, process.exitValue(), output.strip());
    return new Result(process.exitValue(), output);
  }

  private PrepareArgs args() {
    return new PrepareArgs("postgresql", "15", port, 128, List.of(), List.of());
  }

  private ManagedDatastore newManager() {
    return newManager(new ObjectStoreConfig());
  }

  private ManagedDatastore newManager(ObjectStoreConfig store) {
    ManagedDatastore manager = TestEngine.postgresql().manager(dataDir, store);
    managers.add(manager);
    return manager;
  }
}
