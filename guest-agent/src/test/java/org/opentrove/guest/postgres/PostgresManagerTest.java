package org.opentrove.guest.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentrove.contract.DatabaseSpec;
import org.opentrove.contract.PrepareArgs;
import org.opentrove.contract.ServiceStatus;
import org.opentrove.contract.UserSpec;
import org.opentrove.guest.AdminCredentials;
import org.opentrove.guest.GuestAgentConfig;
import org.opentrove.guest.GuestOperationException;
import org.opentrove.guest.ManagedDatastore;
import org.opentrove.guest.TestDirs;
import org.opentrove.guest.os.RunAs;

/**
 * Prepares real PostgreSQL clusters with the binaries of this machine (as root: through runuser as
 * the postgres user), then checks them over JDBC as the created user.
 */
class PostgresManagerTest {
  private static final String HOSTILE_DB = "x\"; drop database appdb; --";
  private static final String PASSWORD = "s3cret'pw\"; --";

  private final List<ManagedDatastore> managers = new ArrayList<>();
  private final AtomicInteger statusChanges = new AtomicInteger();
  private Path base;
  private Path dataDir;
  private int port;

  @BeforeEach
  void setUp() throws IOException {
    if (RunAs.isRoot()) {
      try {
        FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
      } catch (UserPrincipalNotFoundException e) {
        assumeTrue(false, "running as root needs the postgres OS user");
      }
    }
    // The postgres user must be able to traverse every parent of the data directory.
    base = TestDirs.traversableTempDir("guest-agent-test");
    dataDir = TestDirs.traversableChild(base, "volume");
    port = TestDirs.freePort();
  }

  @AfterEach
  void tearDown() throws IOException {
    managers.forEach(ManagedDatastore::shutdown);
    TestDirs.deleteTree(base);
  }

  @Test
  void prepareCreatesDatabasesAndUsersAndStopDbClosesThePort() throws Exception {
    ManagedDatastore manager = newManager();
    assertThat(manager.status().serviceStatus()).isEqualTo(ServiceStatus.NEW);

    long started = System.nanoTime();
    manager.prepare(args(List.of(new DatabaseSpec("appdb", "UTF8", "C"))));
    long millis = (System.nanoTime() - started) / 1_000_000;
    System.out.println("prepare (initdb + start + create) took " + millis + " ms");

    assertThat(manager.status().serviceStatus()).isEqualTo(ServiceStatus.HEALTHY);
    assertThat(statusChanges.get()).isGreaterThanOrEqualTo(2);
    assertThat(dataDir.resolve("prepared")).exists();
    Path passwordFile = new AdminCredentials(dataDir).file();
    assertThat(passwordFile.getParent()).isNotEqualTo(dataDir);
    assertThat(Files.getPosixFilePermissions(passwordFile))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(passwordFile.getParent()))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    try (var files = Files.walk(dataDir)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .as("nothing the datastore's user can read holds the password")
          .doesNotContain("os_admin.pw")
          .noneMatch(name -> name.startsWith(".pwfile-"));
    }
    try (Connection connection = connectAsUser("appdb");
        Statement statement = connection.createStatement()) {
      try (ResultSet rs = statement.executeQuery("select 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
      statement.execute("create table proof (id int primary key)");
      statement.execute("insert into proof values (1)");
    }
    assertThat(Files.readString(dataDir.resolve("postgresql.log"))).doesNotContain("s3cret");

    manager.prepare(args(List.of(new DatabaseSpec("appdb", "UTF8", "C"))));
    assertThat(manager.status().serviceStatus()).isEqualTo(ServiceStatus.HEALTHY);

    assertThat(manager.stopDb().serviceStatus()).isEqualTo(ServiceStatus.SHUTDOWN);
    assertThat(portOpen()).isFalse();
    assertThat(manager.status().serviceStatus()).isEqualTo(ServiceStatus.SHUTDOWN);
  }

  @Test
  void hostileDatabaseNameIsCreatedLiterally() throws Exception {
    ManagedDatastore manager = newManager();
    manager.prepare(
        args(
            List.of(
                new DatabaseSpec("appdb", null, null), new DatabaseSpec(HOSTILE_DB, null, null))));

    try (Connection connection = connectAsUser(HOSTILE_DB);
        Statement statement = connection.createStatement()) {
      try (ResultSet rs = statement.executeQuery("select current_database()")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo(HOSTILE_DB);
      }
      statement.execute("create table proof (id int)");
    }
    try (Connection connection = connectAsUser("appdb");
        Statement statement = connection.createStatement()) {
      statement.execute("create table still_here (id int)");
    }
  }

  @Test
  void failedPrepareNamesTheStepWithoutThePasswordAndARetrySucceeds() throws Exception {
    ManagedDatastore manager = newManager();
    PrepareArgs broken =
        new PrepareArgs(
            "postgresql",
            "15",
            port,
            128,
            List.of(),
            List.of(new UserSpec("app_user", PASSWORD, "%", List.of("missing_db"))));

    assertThatThrownBy(() -> manager.prepare(broken))
        .isInstanceOf(GuestOperationException.class)
        .hasMessageContaining("grant \"app_user\" on \"missing_db\"")
        .hasMessageNotContaining("s3cret");
    assertThat(manager.status().serviceStatus()).isEqualTo(ServiceStatus.FAILED);
    assertThat(manager.status().message()).contains("missing_db").doesNotContain("s3cret");
    assertThat(dataDir.resolve("prepared")).doesNotExist();

    manager.prepare(args(List.of(new DatabaseSpec("appdb", null, null))));
    assertThat(manager.status().serviceStatus()).isEqualTo(ServiceStatus.HEALTHY);
  }

  @Test
  void restartedAgentRecoversAStoppedServerAndRestartKeepsItHealthy() throws Exception {
    newManager().prepare(args(List.of(new DatabaseSpec("appdb", null, null))));
    newManager().stopDb();
    assertThat(portOpen()).isFalse();

    ManagedDatastore restarted = newManager();
    restarted.recover();
    assertThat(restarted.status().serviceStatus()).isEqualTo(ServiceStatus.HEALTHY);

    assertThat(restarted.restart().serviceStatus()).isEqualTo(ServiceStatus.HEALTHY);
    try (Connection connection = connectAsUser("appdb")) {
      assertThat(connection.isValid(5)).isTrue();
    }
  }

  @Test
  void restartBeforePrepareIsRefused() throws Exception {
    assertThatThrownBy(() -> newManager().restart())
        .isInstanceOf(GuestOperationException.class)
        .hasMessageContaining("not been prepared");
  }

  private PrepareArgs args(List<DatabaseSpec> databases) {
    List<String> names = databases.stream().map(DatabaseSpec::name).toList();
    return new PrepareArgs(
        "postgresql",
        "15",
        port,
        128,
        databases,
        List.of(new UserSpec("app_user", PASSWORD, "%", names)));
  }

  private ManagedDatastore newManager() {
    GuestAgentConfig config =
        new GuestAgentConfig(
            "test-instance",
            "amqp://guest:guest@127.0.0.1:5672",
            "trove",
            "trove-conductor",
            Duration.ofSeconds(10),
            dataDir,
            "postgresql",
            null,
            null);
    ManagedDatastore manager = PostgresManager.create(config, statusChanges::incrementAndGet);
    managers.add(manager);
    return manager;
  }

  private Connection connectAsUser(String database) throws SQLException {
    String url =
        "jdbc:postgresql://127.0.0.1:"
            + port
            + "/"
            + URLEncoder.encode(database, StandardCharsets.UTF_8)
            + "?sslmode=disable";
    return DriverManager.getConnection(url, "app_user", PASSWORD);
  }

  private boolean portOpen() throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (ConnectException e) {
      return false;
    }
  }
}
