package org.opentrove.guest.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentrove.contract.DatabaseSpec;
import org.opentrove.contract.PrepareArgs;
import org.opentrove.contract.ServiceStatus;
import org.opentrove.contract.UserSpec;
import org.opentrove.guest.GuestAgentConfig;
import org.opentrove.guest.ManagedDatastore;
import org.opentrove.guest.TestDirs;
import org.opentrove.guest.os.ProcessResult;
import org.opentrove.guest.os.ProcessRunner;
import org.opentrove.guest.os.RunAs;

class ZonkyBinariesTest {
  private static Path cacheRoot;
  private static Path extracted;

  @BeforeAll
  static void extract() throws IOException {
    cacheRoot = TestDirs.traversableTempDir("zonky-test").resolve("cache");
    extracted = ZonkyBinaries.extract(cacheRoot);
  }

  @AfterAll
  static void cleanUp() throws IOException {
    TestDirs.deleteTree(cacheRoot.getParent());
  }

  @Test
  void extractsAnExecutableTreeOnceIntoTheCache() throws IOException {
    assertThat(extracted.getParent()).isEqualTo(cacheRoot);
    assertThat(extracted.resolve("bin/initdb")).isExecutable();
    assertThat(extracted.resolve("bin/pg_ctl")).isExecutable();
    assertThat(extracted.resolve("share/postgresql/postgres.bki")).exists();
    assertThat(Files.isSymbolicLink(extracted.resolve("lib/libpq.so"))).isTrue();
    assertThat(Files.getPosixFilePermissions(extracted))
        .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));

    assertThat(ZonkyBinaries.extract(cacheRoot)).isEqualTo(extracted);
    try (Stream<Path> entries = Files.list(cacheRoot)) {
      assertThat(entries.toList()).containsExactly(extracted);
    }
  }

  @Test
  void reportsTheServerVersion() {
    PgBinaries binaries = new PgBinaries(extracted.resolve("bin"));
    assertThat(binaries.version(new ProcessRunner())).startsWith("postgres (PostgreSQL) 15.");
  }

  @Test
  void theDatastoreUserCanRunTheExtractedBinaries() {
    ProcessRunner runner = new ProcessRunner();
    RunAs runAs = RunAs.resolve(null, "postgres", runner);
    ProcessResult result =
        runner.run(
            "initdb --version",
            runAs.wrap(List.of(extracted.resolve("bin/initdb").toString(), "--version")),
            Path.of("/"),
            Duration.ofSeconds(30));
    assertThat(result.succeeded()).as(result.tailText()).isTrue();
    assertThat(result.tailText()).contains("15.");
  }

  @Test
  void prepareWorksWithTheExtractedBinaries() throws Exception {
    Path base = TestDirs.traversableTempDir("zonky-prepare");
    Path dataDir = TestDirs.traversableChild(base, "volume");
    int port = TestDirs.freePort();
    GuestAgentConfig config =
        new GuestAgentConfig(
            "zonky-instance",
            "amqp://127.0.0.1",
            "trove",
            "trove-conductor",
            Duration.ofSeconds(10),
            dataDir,
            "postgresql",
            extracted.resolve("bin"),
            null);
    ManagedDatastore manager = PostgresManager.create(config, () -> {});
    try {
      manager.prepare(
          new PrepareArgs(
              "postgresql",
              "15",
              port,
              64,
              List.of(new DatabaseSpec("zdb", null, null)),
              List.of(new UserSpec("zuser", "zpass", null, List.of("zdb")))));
      assertThat(manager.status().serviceStatus()).isEqualTo(ServiceStatus.HEALTHY);
      try (Connection connection =
              DriverManager.getConnection(
                  "jdbc:postgresql://127.0.0.1:" + port + "/zdb?sslmode=disable",
                  "zuser",
                  "zpass");
          Statement statement = connection.createStatement()) {
        try (ResultSet rs = statement.executeQuery("show server_version")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).startsWith("15.13");
        }
      }
    } finally {
      manager.shutdown();
      TestDirs.deleteTree(base);
    }
  }
}
