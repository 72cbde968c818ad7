package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Backups through Debian's troveclient CLI on PostgreSQL and MariaDB: rows before a full backup,
 * more before an incremental one; restoring each point into a new instance gives exactly the rows
 * of that point (checksums of the table's contents). Deleting the full backup takes the incremental
 * one built on it with it, as Trove's delete does, and leaves no object behind.
 */
class BackupCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROJECT = "backups";
  private static final String PASSWORD = "Sup3r-secret";
  private static TroveSystem system;
  private static TroveCli cli;

  @BeforeAll
  static void start() throws Exception {
    system = TroveSystem.start();
    cli = new TroveCli(system.api.base(), PROJECT);
  }

  @AfterAll
  static void stop() throws Exception {
    system.close();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"postgresql", "mariadb"})
  void restoringEachPointGivesExactlyItsRows(String datastore) throws Exception {
    String source = create(datastore, datastore + "-source", null);
    int sourcePort = awaitActivePort(source);
    insertRows(datastore, sourcePort, 0, 2000);
    String atFull = checksum(datastore, sourcePort);

    String full = backup(source, "full", null);
    insertRows(datastore, sourcePort, 2000, 1000);
    String atIncremental = checksum(datastore, sourcePort);
    String incremental = backup(source, "incremental", full);
    insertRows(datastore, sourcePort, 3000, 10);

    JsonNode shown = JSON.readTree(cli.ok("database", "backup", "show", incremental, "-f", "json"));
    assertThat(shown.get("parent_id").asText()).isEqualTo(full);
    assertThat(cli.ok("database", "backup", "list", "-f", "json")).contains(full, incremental);

    String restoredFull = create(datastore, datastore + "-at-full", full);
    String restoredIncremental = create(datastore, datastore + "-at-inc", incremental);
    assertThat(checksum(datastore, awaitActivePort(restoredFull))).isEqualTo(atFull);
    assertThat(checksum(datastore, awaitActivePort(restoredIncremental))).isEqualTo(atIncremental);
    theMetricsEndpointCountedTheCreatesAndBackups();

    cli.ok("database", "backup", "delete", full); // Trove's delete takes the chain built on it
    awaitBackupGone(full);
    awaitBackupGone(incremental);
    assertThat(system.backupObjects(full)).isEmpty();
    assertThat(system.backupObjects(incremental)).isEmpty();

    system.deleteAndCheckNothingLeft(PROJECT, List.of(source, restoredFull, restoredIncremental));
  }

  /** Issue 15's operator metrics, scraped as Prometheus does after creates and backups. */
  private static void theMetricsEndpointCountedTheCreatesAndBackups() throws Exception {
    PrometheusScrape scrape = PrometheusScrape.of(system.app.getAdminPort());
    assertThat(
            scrape.value(
                "opentrove_operations", Map.of("type", "instance-create", "state", "SUCCEEDED")))
        .isGreaterThanOrEqualTo(3);
    assertThat(
            scrape.value(
                "opentrove_operations", Map.of("type", "backup-create", "state", "SUCCEEDED")))
        .isGreaterThanOrEqualTo(2);
    assertThat(
            scrape.value(
                "opentrove_api_requests_count",
                Map.of("method", "POST", "route", "/backups", "status", "202")))
        .isGreaterThanOrEqualTo(2);
    assertThat(scrape.value("opentrove_activities_count", Map.of("activity", "CreateServer")))
        .isGreaterThanOrEqualTo(3);
    assertThat(scrape.value("opentrove_quota_in_use", Map.of("resource", "instances")))
        .isGreaterThanOrEqualTo(3);
    assertThat(scrape.text()).contains("opentrove_conductor_lag_ms");
  }

  private static String backup(String instance, String name, String parent) throws Exception {
    List<String> args =
        new java.util.ArrayList<>(
            List.of("database", "backup", "create", name, "-i", instance, "-f", "json"));
    if (parent != null) {
      args.addAll(List.of("--parent", parent));
    }
    JsonNode created = JSON.readTree(cli.ok(args.toArray(String[]::new)));
    String id = created.get("id").asText();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    JsonNode shown;
    do {
      Thread.sleep(200);
      shown = JSON.readTree(system.api.get(PROJECT, "/backups/" + id).body().toString());
      shown = shown.get("backup");
    } while (!shown.get("status").asText().matches("COMPLETED|FAILED")
        && System.nanoTime() < deadline);
    assertThat(shown.get("status").asText()).as(shown.toString()).isEqualTo("COMPLETED");
    assertThat(shown.get("checksum").asText()).hasSize(64);
    assertThat(system.backupObjects(id)).contains("manifest.json");
    system.api.awaitInstance(PROJECT, instance, ApiClient.status("ACTIVE"), Duration.ofSeconds(30));
    return id;
  }

  private static String create(String datastore, String name, String backup) throws Exception {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "database",
                "instance",
                "create",
                name,
                "--flavor",
                "1",
                "--size",
                "1",
                "--datastore",
                datastore,
                "--datastore-version",
                datastore.equals("mariadb") ? "10.11" : "15",
                "-f",
                "json"));
    if (backup == null) {
      args.addAll(List.of("--databases", "appdb", "--users", "appuser:" + PASSWORD));
    } else {
      args.addAll(List.of("--backup", backup));
    }
    return JSON.readTree(cli.ok(args.toArray(String[]::new))).get("id").asText();
  }

  private static int awaitActivePort(String id) throws Exception {
    system.api.awaitInstance(PROJECT, id, ApiClient.status("ACTIVE"), Duration.ofSeconds(120));
    return system.api.get(PROJECT, "/instances/" + id).body().get("instance").get("port").asInt();
  }

  private static void awaitBackupGone(String id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (system.api.get(PROJECT, "/backups/" + id).status() != 404) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("backup " + id + " was not deleted");
      }
      Thread.sleep(200);
    }
  }

  private static Connection connect(String datastore, int port) throws SQLException {
    return connect(datastore, port, "appdb");
  }

  private static Connection connect(String datastore, int port, String database)
      throws SQLException {
    String url =
        datastore.equals("postgresql")
            ? "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?sslmode=disable"
            : "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    return DriverManager.getConnection(url, "appuser", PASSWORD);
  }

  private static void insertRows(String datastore, int port, int from, int count)
      throws SQLException {
    try (Connection connection = connect(datastore, port)) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "create table if not exists items (id int primary key, payload varchar(200))");
      }
      try (PreparedStatement insert =
          connection.prepareStatement("insert into items values (?, ?)")) {
        for (int i = from; i < from + count; i++) {
          insert.setInt(1, i);
          insert.setString(2, "item " + i + " " + "y".repeat(i % 150));
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }
  }

  /** Row count and SHA-256 over every row of {@code items} in id order. */
  static String checksum(String datastore, int port) throws Exception {
    return checksum(datastore, port, "appdb");
  }

  static String checksum(String datastore, int port, String database) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    int rows = 0;
    try (Connection connection = connect(datastore, port, database);
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("select id, payload from items order by id")) {
      while (rs.next()) {
        digest.update(
            (rs.getInt(1) + ":" + rs.getString(2) + "\n").getBytes(StandardCharsets.UTF_8));
        rows++;
      }
    }
    return rows + " rows, " + HexFormat.of().formatHex(digest.digest());
  }
}
