package org.opentrove.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentrove.contract.BackupArgs;
import org.opentrove.contract.BackupUpdate;
import org.opentrove.contract.PrepareArgs;
import org.opentrove.contract.ServiceStatus;
import org.opentrove.guest.backup.BackupRunner;
import org.opentrove.guest.os.RunAs;
import org.opentrove.objects.ObjectStoreConfig;
import org.opentrove.objects.ObjectStores;

/**
 * The volume's top is root's, so a tenant running programs as the datastore's OS user can plant no
 * link where the agent (root) writes its own files; links an earlier layout let it plant there are
 * removed before anything is written. Real PostgreSQL and MariaDB, as root.
 */
class VolumeTopTest {
  private static final String HOST_TEXT = "root's file, not the tenant's\n";

  private final List<ManagedDatastore> managers = new ArrayList<>();
  private final BlockingQueue<BackupUpdate> reports = new LinkedBlockingQueue<>();
  private Path base;
  private Path dataDir;
  private Path outside;

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
  void theTenantCannotPlantOrMoveAnythingWhileTheAgentPreparesAndBacksUp(TestEngine engine)
      throws Exception {
    setUp(engine);
    ObjectStoreConfig store = new ObjectStoreConfig();
    store.path = base.resolve("objects").toString();
    ManagedDatastore manager = prepare(engine, store);

    assertThat(Files.getOwner(dataDir).getName()).isEqualTo("root");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)))
        .isEqualTo("rwx--x--x");
    Names names = Names.of(engine);
    Map<String, String> attempts = new LinkedHashMap<>();
    attempts.put("backup.running", "ln -s " + outside + " backup.running");
    attempts.put("a marker", "ln -sf " + outside + " " + names.marker);
    attempts.put("the prepared marker", "rm -f prepared");
    attempts.put("the data directory", "mv " + names.data + " moved && ln -s /etc " + names.data);
    attempts.put("the log", "ln -sf " + outside + " " + names.log);
    attempts.put("a new file", "touch planted");
    if (engine.datastore().equals("mariadb")) {
      attempts.put("my.cnf", "ln -sf " + outside + " my.cnf");
      attempts.put("init.sql", "ln -sf " + outside + " init.sql");
      attempts.put("files/", "mv files f && ln -s /etc files");
    }
    for (Map.Entry<String, String> attempt : attempts.entrySet()) {
      Result result = asTenant(engine, attempt.getValue());
      assertThat(result.exitCode).as(attempt.getKey() + ": " + result.output).isNotZero();
      assertThat(result.output).as(attempt.getKey()).contains("Permission denied");
    }

    BackupRunner runner =
        new BackupRunner("test-instance", ObjectStores.open(store), 0, dataDir, reports::add);
    runner.start(new BackupArgs("full-1", "full-1/", null), manager.backups(), manager::admin);
    Result planted = asTenant(engine, "ln -sf " + outside + " backup.running");
    assertThat(planted.output).contains("Permission denied");
    assertThat(awaitOutcome().state()).isEqualTo(BackupUpdate.COMPLETED);
    runner.close();

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (Files.exists(dataDir.resolve("backup.running")) && System.nanoTime() < deadline) {
      Thread.sleep(20); // the note is removed just after the outcome is reported
    }
    assertThat(dataDir.resolve("backup.running")).doesNotExist();
    assertThat(manager.restart().serviceStatus()).isEqualTo(ServiceStatus.HEALTHY);
    assertHostFileUntouched();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void linksPlantedUnderTheOldLayoutAreRemovedNotFollowed(TestEngine engine) throws Exception {
    setUp(engine);
    Path hostDir = Files.createDirectory(base.resolve("host-dir"));
    Path hostFile = Files.writeString(hostDir.resolve("keep"), HOST_TEXT);
    Names names = Names.of(engine);
    // Before this change the volume's top was the datastore user's.
    assertThat(
            new ProcessBuilder("chown", engine.osUser() + ":", dataDir.toString())
                .start()
                .waitFor())
        .isZero();
    for (String command :
        List.of(
            "ln -s " + hostDir + " " + names.data,
            "ln -s " + outside + " backup.running",
            "ln -s " + outside + " " + names.installedMarker,
            "ln -s " + outside + " " + names.log,
            "ln -s " + hostDir + " wal-archive",
            "ln -s " + hostDir + " files",
            "ln -s " + hostDir + " run",
            "ln -s " + outside + " my.cnf",
            "ln -s " + outside + " init.sql")) {
      assertThat(asTenant(engine, command).exitCode).as(command).isZero();
    }

    ManagedDatastore manager = prepare(engine, new ObjectStoreConfig());

    assertThat(manager.status().serviceStatus()).isEqualTo(ServiceStatus.HEALTHY);
    assertHostFileUntouched();
    assertThat(hostFile).hasContent(HOST_TEXT);
    try (Stream<Path> entries = Files.list(hostDir)) {
      assertThat(entries).containsExactly(hostFile);
    }
    try (Stream<Path> entries = Files.list(dataDir)) {
      assertThat(entries.filter(Files::isSymbolicLink)).isEmpty();
    }
    assertThat(Files.isDirectory(dataDir.resolve(names.data), LinkOption.NOFOLLOW_LINKS)).isTrue();
  }

  private record Names(String data, String marker, String installedMarker, String log) {
    static Names of(TestEngine engine) {
      return engine.datastore().equals("postgresql")
          ? new Names("pgdata", "pgdata.initialised", "pgdata.initdb-done", "postgresql.log")
          : new Names("mysql-data", "mariadb.initialised", "mariadb.install-done", "mariadb.log");
    }
  }

  private void setUp(TestEngine engine) throws IOException {
    assumeTrue(RunAs.isRoot(), "the hole exists only when the agent runs as root");
    engine.requireAvailable();
    base = TestDirs.traversableTempDir("volume-top");
    dataDir = TestDirs.traversableChild(base, "volume");
    outside = base.resolve("host-file");
    Files.writeString(outside, HOST_TEXT);
    Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rw-r--r--"));
  }

  private ManagedDatastore prepare(TestEngine engine, ObjectStoreConfig store) {
    ManagedDatastore manager = engine.manager(dataDir, store);
    managers.add(manager);
    int port;
    try {
      port = TestDirs.freePort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    manager.prepare(new PrepareArgs(engine.datastore(), null, port, 256, List.of(), List.of()));
    return manager;
  }

  private BackupUpdate awaitOutcome() throws InterruptedException {
    while (true) {
      BackupUpdate update = reports.poll(120, TimeUnit.SECONDS);
      assertThat(update).as("a backup report").isNotNull();
      if (!BackupUpdate.SAVING.equals(update.state())) {
        return update;
      }
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
  private Result asTenant(TestEngine engine, String command)
      throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder("runuser", "-u", engine.osUser(), "--", "sh", "-c", command)
            .directory(dataDir.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    System.out.printf(
        "%s tenant: %s -> %d %s%n", engine, command, process.exitValue(), output.strip());
    return new Result(process.exitValue(), output);
  }
}
