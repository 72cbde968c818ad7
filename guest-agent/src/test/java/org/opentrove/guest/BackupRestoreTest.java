package org.opentrove.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
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
 * Full and incremental backups of real PostgreSQL and MariaDB servers to a directory store,
 * restored into new instances: each restore holds exactly the rows of its point, compared by a
 * checksum of the table's contents.
 */
class BackupRestoreTest {
  private static final String PASSWORD = "s3cret-pw";

  private final List<ManagedDatastore> managers = new ArrayList<>();
  private Path base;

  static Stream<TestEngine> engines() {
    return TestEngine.all();
  }

  @AfterEach
  void tearDown() throws IOException {
    managers.forEach(ManagedDatastore::shutdown);
    if (base != null) {
      TestDirs.deleteTree(base);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void eachRestoreHoldsExactlyTheRowsOfItsPoint(TestEngine engine) throws Exception {
    engine.requireAvailable();
    base = TestDirs.traversableTempDir("backup-test");
    ObjectStoreConfig store = new ObjectStoreConfig();
    store.path = base.resolve("objects").toString();

    int sourcePort = TestDirs.freePort();
    ManagedDatastore source = start(engine, "source", store, sourcePort, List.of());
    insertRows(engine, sourcePort, 0, 500);
    String atFull = checksum(engine, sourcePort);
    BackupRunner runner = runner(store);
    BackupUpdate full = backup(runner, source, new BackupArgs("full-1", "full-1/", null));
    BackupPiece fullPiece = new BackupPiece("full-1", "full-1/", full.metadata());

    insertRows(engine, sourcePort, 500, 300);
    String atIncremental = checksum(engine, sourcePort);
    BackupUpdate incremental = backup(runner, source, new BackupArgs("inc-1", "inc-1/", fullPiece));
    BackupPiece incrementalPiece = new BackupPiece("inc-1", "inc-1/", incremental.metadata());
    insertRows(engine, sourcePort, 800, 100);
    assertThat(checksum(engine, sourcePort)).isNotEqualTo(atIncremental);
    System.out.printf(
        "%s: full backup %d bytes, incremental %d bytes%n",
        engine, full.sizeBytes(), incremental.sizeBytes());

    int fullPort = TestDirs.freePort();
    long started = System.nanoTime();
    start(engine, "restored-full", store, fullPort, List.of(fullPiece));
    System.out.printf(
        "%s: restore of the full backup took %d ms%n",
        engine, (System.nanoTime() - started) / 1_000_000);
    assertThat(checksum(engine, fullPort)).isEqualTo(atFull);

    int incrementalPort = TestDirs.freePort();
    start(engine, "restored-inc", store, incrementalPort, List.of(fullPiece, incrementalPiece));
    assertThat(checksum(engine, incrementalPort)).isEqualTo(atIncremental);
    try (Connection connection = engine.connect(incrementalPort, "appdb", "app_user", PASSWORD);
        Statement statement = connection.createStatement()) {
      statement.execute("insert into rows_table values (100000, 'written after the restore')");
    }
  }

  private ManagedDatastore start(
      TestEngine engine, String name, ObjectStoreConfig store, int port, List<BackupPiece> chain)
      throws IOException {
    Path dataDir = TestDirs.traversableChild(base, name);
    ManagedDatastore manager = engine.manager(dataDir, store);
    managers.add(manager);
    manager.prepare(
        new PrepareArgs(
            engine.datastore(),
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

  private final BlockingQueue<BackupUpdate> reports = new LinkedBlockingQueue<>();

  private BackupRunner runner(ObjectStoreConfig store) {
    return new BackupRunner("test-instance", ObjectStores.open(store), reports::add);
  }

  private BackupUpdate backup(BackupRunner runner, ManagedDatastore source, BackupArgs args)
      throws InterruptedException {
    runner.start(args, source.backups(), source::admin);
    while (true) {
      BackupUpdate update = reports.poll(120, TimeUnit.SECONDS);
      assertThat(update).as("a report on " + args.backupId()).isNotNull();
      if (!BackupUpdate.SAVING.equals(update.state())) {
        assertThat(update.state()).as(update.message()).isEqualTo(BackupUpdate.COMPLETED);
        assertThat(update.checksum()).hasSize(64);
        return update;
      }
    }
  }

  private static void insertRows(TestEngine engine, int port, int from, int count)
      throws SQLException {
    try (Connection connection = engine.connect(port, "appdb", "app_user", PASSWORD)) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "create table if not exists rows_table (id int primary key, payload varchar(200))");
      }
      try (PreparedStatement insert =
          connection.prepareStatement("insert into rows_table values (?, ?)")) {
        for (int i = from; i < from + count; i++) {
          insert.setInt(1, i);
          insert.setString(2, "row " + i + " " + "x".repeat(i % 100));
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }
  }

  /** SHA-256 over every row in id order. */
  private static String checksum(TestEngine engine, int port) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    int rows = 0;
    try (Connection connection = engine.connect(port, "appdb", "app_user", PASSWORD);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("select id, payload from rows_table order by id")) {
      while (rs.next()) {
        digest.update(
            (rs.getInt(1) + ":" + rs.getString(2) + "\n").getBytes(StandardCharsets.UTF_8));
        rows++;
      }
    }
    return rows + " rows, " + HexFormat.of().formatHex(digest.digest());
  }
}
