package org.opentrove.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentrove.containers.MountTable;
import org.opentrove.contract.BackupArgs;
import org.opentrove.contract.BackupPiece;
import org.opentrove.contract.BackupUpdate;
import org.opentrove.contract.DatabaseSpec;
import org.opentrove.contract.PrepareArgs;
import org.opentrove.contract.UserSpec;
import org.opentrove.guest.backup.BackupRunner;
import org.opentrove.objects.ObjectStoreConfig;
import org.opentrove.objects.ObjectStores;

/**
 * PostgreSQL on real volumes: pg_wal and pg_logical live in the volume's reserved area (a
 * filesystem of their own) from the first start, after an agent restart, and in a cluster restored
 * from a backup, whose pg_wal arrives as a directory and whose pg_logical does not arrive at all.
 */
class ReservedAreaTest {
  private static final String PASSWORD = "s3cret-pw";
  private static final TestEngine POSTGRES = TestEngine.postgresql();

  private final List<ManagedDatastore> managers = new ArrayList<>();
  private final List<TestVolume> volumes = new ArrayList<>();
  private final BlockingQueue<BackupUpdate> reports = new LinkedBlockingQueue<>();
  private Path base;

  @AfterEach
  void tearDown() throws IOException {
    managers.forEach(ManagedDatastore::shutdown);
    for (TestVolume volume : volumes) {
      volume.close();
    }
    TestDirs.deleteTree(base);
  }

  @Test
  void walAndCheckpointStateLiveInTheReservedAreaAcrossRestartsAndRestores() throws Exception {
    POSTGRES.requireAvailable();
    base = TestDirs.traversableTempDir("reserved-area-test");
    ObjectStoreConfig store = new ObjectStoreConfig();
    store.path = base.resolve("objects").toString();

    TestVolume source = volume("source");
    int port = TestDirs.freePort();
    long began = System.nanoTime();
    ManagedDatastore first = prepare(source, port, List.of());
    System.out.printf(
        "prepared on a real volume with its reserved area in %d ms%n",
        (System.nanoTime() - began) / 1_000_000);
    assertPlaced(source.path());
    assertThat(Files.readString(source.path().resolve("pgdata/opentrove.conf")))
        .contains("max_wal_size = '48MB'")
        .contains("min_wal_size = '32MB'")
        .contains("wal_keep_size = '48MB'");
    write(port, "create table kept as select g from generate_series(1, 1000) g");

    // An agent restart: the area is still mounted, the links still there.
    first.shutdown();
    ManagedDatastore again = POSTGRES.manager(source.path(), store);
    managers.add(again);
    again.recover();
    assertPlaced(source.path());
    assertThat(count(port)).isEqualTo(1000);

    List<BackupPiece> chain = fullBackup(again, store);
    TestVolume restored = volume("restored");
    int restoredPort = TestDirs.freePort();
    prepare(restored, restoredPort, chain);
    assertPlaced(restored.path());
    assertThat(count(restoredPort)).isEqualTo(1000);
    write(restoredPort, "insert into kept values (1001)");
  }

  @Test
  void aRestoreWhoseWalCannotMoveToAFullAreaKeepsItInPgdataAndRuns() throws Exception {
    POSTGRES.requireAvailable();
    base = TestDirs.traversableTempDir("reserved-area-full-test");
    ObjectStoreConfig store = new ObjectStoreConfig();
    store.path = base.resolve("objects").toString();
    TestVolume source = volume("source");
    int port = TestDirs.freePort();
    ManagedDatastore first = prepare(source, port, List.of());
    write(port, "create table kept as select g from generate_series(1, 1000) g");
    List<BackupPiece> chain = fullBackup(first, store);

    TestVolume restored = volume("restored");
    ManagedDatastore manager = manager(restored);
    fillWhenMounted(restored.path().resolve("reserved"));
    int restoredPort = TestDirs.freePort();
    prepare(manager, restoredPort, chain);

    Path pgWal = restored.path().resolve("pgdata/pg_wal");
    assertThat(Files.isSymbolicLink(pgWal)).as("pg_wal stays a directory in pgdata").isFalse();
    try (var segments = Files.list(pgWal)) {
      assertThat(segments.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.matches("[0-9A-F]{24}"));
    }
    assertThat(restored.path().resolve("pgdata/pg_wal.moved")).doesNotExist();
    assertThat(count(restoredPort)).isEqualTo(1000);
  }

  /** Takes all but two MiB of the area as soon as the agent has mounted it. */
  private static void fillWhenMounted(Path area) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!MountTable.isMountPoint(area)) {
      assertThat(System.nanoTime()).as("the area mounted").isLessThan(deadline);
      Thread.sleep(20);
    }
    // Room for pg_logical's few bytes, none for a 16 MiB WAL segment.
    long megabytes = Files.getFileStore(area).getUsableSpace() / (1L << 20) - 2;
    Process fill =
        new ProcessBuilder(
                "dd",
                "if=/dev/zero",
                "of=" + area.resolve("filler"),
                "bs=1M",
                "count=" + megabytes,
                "status=none")
            .inheritIO()
            .start();
    assertThat(fill.waitFor()).isZero();
    assertThat(Files.getFileStore(area).getUsableSpace()).isLessThan(4L << 20);
  }

  private TestVolume volume(String name) throws IOException {
    TestVolume volume = TestVolume.mount(base, name);
    volumes.add(volume);
    return volume;
  }

  /** A full backup of {@code manager}'s instance: the chain a restore starts from. */
  private List<BackupPiece> fullBackup(ManagedDatastore manager, ObjectStoreConfig store)
      throws InterruptedException {
    BackupRunner runner = new BackupRunner("test-instance", ObjectStores.open(store), reports::add);
    runner.start(new BackupArgs("full-1", "full-1/", null), manager.backups(), manager::admin);
    return List.of(new BackupPiece("full-1", "full-1/", awaitBackup().metadata()));
  }

  private ManagedDatastore manager(TestVolume volume) {
    ObjectStoreConfig store = new ObjectStoreConfig();
    store.path = base.resolve("objects").toString();
    ManagedDatastore manager = POSTGRES.manager(volume.path(), store);
    managers.add(manager);
    return manager;
  }

  private ManagedDatastore prepare(TestVolume volume, int port, List<BackupPiece> chain) {
    return prepare(manager(volume), port, chain);
  }

  private static ManagedDatastore prepare(
      ManagedDatastore manager, int port, List<BackupPiece> chain) {
    manager.prepare(
        new PrepareArgs(
            "postgresql",
            null,
            port,
            256,
            chain.isEmpty() ? List.of(new DatabaseSpec("appdb", null, null)) : List.of(),
            chain.isEmpty()
                ? List.of(new UserSpec("app_user", PASSWORD, "%", List.of("appdb")))
                : List.of(),
            chain));
    return manager;
  }

  private static void assertPlaced(Path volume) throws IOException {
    Path area = volume.resolve("reserved");
    assertThat(Files.getFileStore(area).type()).isEqualTo("ext4");
    assertThat(Files.getFileStore(volume).type()).isEqualTo("xfs");
    for (String name : List.of("pg_wal", "pg_logical")) {
      Path link = volume.resolve("pgdata").resolve(name);
      assertThat(Files.isSymbolicLink(link)).as(name).isTrue();
      assertThat(Files.readSymbolicLink(link)).isEqualTo(area.resolve(name));
      assertThat(volume.resolve("pgdata").resolve(name + ".moved")).doesNotExist();
    }
    try (var segments = Files.list(area.resolve("pg_wal"))) {
      assertThat(segments.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.matches("[0-9A-F]{24}"));
    }
    assertThat(area.resolve("pg_logical/replorigin_checkpoint")).exists();
  }

  private BackupUpdate awaitBackup() throws InterruptedException {
    while (true) {
      BackupUpdate update = reports.poll(120, TimeUnit.SECONDS);
      assertThat(update).as("a backup report").isNotNull();
      if (!BackupUpdate.SAVING.equals(update.state())) {
        assertThat(update.state()).as(update.message()).isEqualTo(BackupUpdate.COMPLETED);
        return update;
      }
    }
  }

  private static void write(int port, String sql) throws Exception {
    try (Connection c = POSTGRES.connect(port, "appdb", "app_user", PASSWORD);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static long count(int port) throws Exception {
    try (Connection c = POSTGRES.connect(port, "appdb", "app_user", PASSWORD);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select count(*) from kept")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
