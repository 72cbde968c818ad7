package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Databases, users and root on PostgreSQL and MariaDB instances through Debian's
 * python3-troveclient CLI, checked by logging in to the instance's server as the users it manages.
 */
class DataPlaneCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROJECT = "dataplane";
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
  void databasesUsersAndRootThroughTheCli(String datastore) throws Exception {
    String id = createThroughCli(datastore);
    long created = System.nanoTime();
    assertThat(system.api.get(PROJECT, "/instances/" + id + "/databases").status())
        .as("not ACTIVE yet: 422")
        .isEqualTo(422);
    system.api.awaitInstance(PROJECT, id, ApiClient.status("ACTIVE"), Duration.ofSeconds(90));
    System.out.printf(
        "%s with a database and a user: ACTIVE %d ms after the CLI returned%n",
        datastore, (System.nanoTime() - created) / 1_000_000);
    JsonNode active = awaitActive(id);
    int port = active.get("port").asInt();
    assertThat(active.path("volume_used").asDouble())
        .as("Trove's volume.used (GB, the CLI's volume_used), from the guest's heartbeats")
        .isGreaterThan(0.0)
        .isLessThan(1.0);
    Server server = new Server(datastore, port);
    server.assertCanUse("appdb", "appuser", "Sup3r-secret");

    cli.ok("database", "db", "create", id, "otherdb");
    assertThat(names(cli.ok("database", "db", "list", id, "-f", "json")))
        .containsExactly("appdb", "otherdb");
    assertThat(system.api.get(PROJECT, "/instances/" + id + "/databases/appdb").status())
        .as("Trove routes a database show only to refuse it")
        .isEqualTo(501);

    String password = "p'w\"`;--ü";
    cli.ok("database", "user", "create", id, "alice", password, "--databases", "appdb");
    JsonNode users = JSON.readTree(cli.ok("database", "user", "list", id, "-f", "json"));
    assertThat(users.findValuesAsText("Name")).containsExactly("alice", "appuser");
    JsonNode alice = JSON.readTree(cli.ok("database", "user", "show", id, "alice", "-f", "json"));
    assertThat(alice.get("name").asText()).isEqualTo("alice");
    assertThat(alice.get("host").asText()).isEqualTo("%");
    server.assertCanUse("appdb", "alice", password);
    server.assertRefused("otherdb", "alice", password);

    cli.ok("database", "user", "grant", "access", id, "alice", "otherdb");
    assertThat(names(cli.ok("database", "user", "show", "access", id, "alice", "-f", "json")))
        .containsExactly("appdb", "otherdb");
    server.assertCanUse("otherdb", "alice", password);
    cli.ok("database", "user", "revoke", "access", id, "alice", "otherdb");
    server.assertRefused("otherdb", "alice", password);
    TroveCli.Result ahead = cli.run("database", "user", "grant", "access", id, "alice", "laterdb");
    if (datastore.equals("mariadb")) {
      assertThat(ahead.exitCode())
          .as("MariaDB keeps a grant on a database not created yet, as Trove's MySQL guest does")
          .isZero();
      cli.ok("database", "db", "create", id, "laterdb");
      server.assertCanUse("laterdb", "alice", password);
      cli.ok("database", "user", "revoke", "access", id, "alice", "laterdb");
      cli.ok("database", "db", "delete", id, "laterdb");
    } else {
      assertThat(ahead.exitCode()).isNotZero();
      assertThat(ahead.out()).contains("Database laterdb cannot be found on the instance.");
    }
    cli.ok("database", "user", "update", "attributes", id, "alice", "--new_password", "n3w-pw");
    server.assertRefused("appdb", "alice", password);
    server.assertCanUse("appdb", "alice", "n3w-pw");

    TroveCli.Result neverEnabled = cli.run("database", "root", "disable", id);
    assertThat(neverEnabled.exitCode()).isNotZero();
    assertThat(neverEnabled.out()).contains("Root user has never been enabled on the instance.");
    JsonNode root = JSON.readTree(cli.ok("database", "root", "enable", id, "-f", "json"));
    String rootName = root.get("name").asText();
    String rootPassword = root.get("password").asText();
    server.assertCanUse("otherdb", rootName, rootPassword);
    assertThat(cli.ok("database", "root", "show", id, "-f", "json")).contains("true");
    cli.ok("database", "root", "disable", id);
    server.assertRefused("otherdb", rootName, rootPassword);
    assertThat(cli.ok("database", "root", "show", id, "-f", "json"))
        .as("Trove's root show answers whether root was ever enabled (its root history)")
        .contains("true");

    cli.ok("database", "user", "delete", id, "alice");
    server.assertRefused("appdb", "alice", "n3w-pw");
    cli.ok("database", "db", "delete", id, "otherdb");
    assertThat(names(cli.ok("database", "db", "list", id, "-f", "json"))).containsExactly("appdb");

    assertNoSecretAppears(id, List.of(password, rootPassword, "Sup3r-secret", "n3w-pw"));
    assertHostileInputIsRefusedAndChangesNothing(id, server);
    assertSilentGuestTimesOutAndInstanceStaysUsable(id);
    assertRestartRestartsTheDatastore(id, server);

    system.deleteAndCheckNothingLeft(PROJECT, List.of(id));
  }

  /** Not in any log of the control plane, the guest or the datastore, nor in operation records. */
  private static void assertNoSecretAppears(String id, List<String> secrets) throws Exception {
    List<Path> logs;
    try (Stream<Path> files =
        Stream.concat(Files.walk(system.services.workDir), Files.walk(system.vm(id).root()))) {
      logs =
          files
              .filter(Files::isRegularFile)
              .filter(f -> f.toString().endsWith(".log") || f.toString().endsWith(".out"))
              .toList();
    }
    assertThat(logs).isNotEmpty();
    for (Path log : logs) {
      String text = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
      for (String secret : secrets) {
        assertThat(text).as(log + " holds a password").doesNotContain(secret);
      }
    }
    String operations =
        system.jdbi.withHandle(
            h ->
                String.join(
                    "\n",
                    h.createQuery("select coalesce(request::text, '') from operations")
                        .mapTo(String.class)
                        .list()));
    for (String secret : secrets) {
      assertThat(operations).doesNotContain(secret);
    }
  }

  private static void assertHostileInputIsRefusedAndChangesNothing(String id, Server server)
      throws Exception {
    for (String name : List.of("x`; DROP DATABASE appdb; --", "a'b", "é", "a".repeat(65), "")) {
      TroveCli.Result result = cli.run("database", "db", "create", id, name);
      assertThat(result.exitCode()).as(name).isNotZero();
    }
    TroveCli.Result reserved = cli.run("database", "user", "create", id, "os_admin", "pw");
    assertThat(reserved.exitCode()).isNotZero();
    assertThat(reserved.out()).contains("reserved");
    TroveCli.Result quoted = cli.run("database", "user", "create", id, "bob\"; --", "pw");
    assertThat(quoted.out()).contains("is invalid").contains("HTTP 400");
    assertThat(names(cli.ok("database", "db", "list", id, "-f", "json"))).containsExactly("appdb");
    assertThat(
            JSON.readTree(cli.ok("database", "user", "list", id, "-f", "json"))
                .findValuesAsText("Name"))
        .containsExactly("appuser");
    server.assertCanUse("appdb", "appuser", "Sup3r-secret");
  }

  /**
   * Restart: a second restart while the first runs is refused at once (Trove's 422); the CLI's
   * restart shows REBOOT, then ACTIVE, with a recorded operation and steps, and the datastore's
   * start time moved on.
   */
  private static void assertRestartRestartsTheDatastore(String id, Server server) throws Exception {
    double startedBefore = server.startedAt();
    ApiClient.Answer first =
        system.api.post(PROJECT, "/instances/" + id + "/action", "{\"restart\": {}}");
    ApiClient.Answer second =
        system.api.post(PROJECT, "/instances/" + id + "/action", "{\"restart\": {}}");
    assertThat(first.status()).isEqualTo(202);
    assertThat(second.status()).isEqualTo(422);
    assertThat(second.body().path("unprocessableEntity").path("message").asText())
        .isEqualTo(
            "Instance "
                + id
                + " is not currently available for an action to be performed (task status"
                + " was REBOOTING).");
    system.api.awaitInstance(PROJECT, id, ApiClient.status("ACTIVE"), Duration.ofSeconds(60));
    double startedAfterFirst = server.startedAt();
    assertThat(startedAfterFirst).isGreaterThan(startedBefore);

    long began = System.nanoTime();
    cli.ok("database", "instance", "restart", id);
    system.api.awaitInstance(PROJECT, id, ApiClient.status("ACTIVE"), Duration.ofSeconds(60));
    System.out.printf(
        "restart through the CLI: ACTIVE again %d ms after the CLI was started%n",
        (System.nanoTime() - began) / 1_000_000);
    assertThat(server.startedAt()).isGreaterThan(startedAfterFirst);
    server.assertCanUse("appdb", "appuser", "Sup3r-secret");

    JsonNode restarts =
        system.api.get(PROJECT, "/instances/" + id + "/operations").body().path("operations");
    List<JsonNode> records = new java.util.ArrayList<>();
    restarts.forEach(
        op -> {
          if (op.path("type").asText().equals("instance-restart")) {
            records.add(op);
          }
        });
    assertThat(records).hasSize(2);
    for (JsonNode record : records) {
      assertThat(record.path("id").asText()).startsWith("instance-restart/" + id + "/");
      assertThat(record.path("state").asText()).isEqualTo("SUCCEEDED");
      assertThat(record.path("steps").findValuesAsText("name"))
          .containsExactly("restart-datastore", "wait-for-datastore");
    }
  }

  /** SIGSTOP the guest agent: the call ends in Trove's 400 within the bound; SIGCONT: usable. */
  private static void assertSilentGuestTimesOutAndInstanceStaysUsable(String id) throws Exception {
    ProcessHandle guest = system.guestAgentsOf(id).get(0);
    TroveSystem.signal(guest, "STOP");
    long started = System.nanoTime();
    ApiClient.Answer answer;
    try {
      answer = system.api.get(PROJECT, "/instances/" + id + "/databases");
    } finally {
      TroveSystem.signal(guest, "CONT");
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    System.out.println("a silent guest's call ended after " + millis + " ms (bound 3000 ms)");
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.body().path("badRequest").path("message").asText())
        .startsWith("Timeout trying to connect to the Guest Agent.")
        .contains("did not answer list_databases within 3 s");
    assertThat(millis).isBetween(2_900L, 6_000L);
    system.api.awaitInstance(PROJECT, id, ApiClient.status("ACTIVE"), Duration.ofSeconds(30));
    assertThat(names(cli.ok("database", "db", "list", id, "-f", "json"))).containsExactly("appdb");
  }

  private static String createThroughCli(String datastore) throws Exception {
    JsonNode created =
        JSON.readTree(
            cli.ok(
                "database",
                "instance",
                "create",
                datastore + "-data",
                "--flavor",
                "1",
                "--size",
                "1",
                "--datastore",
                datastore,
                "--datastore-version",
                datastore.equals("mariadb") ? "10.11" : "15",
                "--databases",
                "appdb",
                "--users",
                "appuser:Sup3r-secret",
                "-f",
                "json"));
    return created.get("id").asText();
  }

  private static JsonNode awaitActive(String id) throws Exception {
    system.api.awaitInstance(PROJECT, id, ApiClient.status("ACTIVE"), Duration.ofSeconds(90));
    return JSON.readTree(cli.ok("database", "instance", "show", id, "-f", "json"));
  }

  private static List<String> names(String json) throws Exception {
    return JSON.readTree(json).findValuesAsText("Name");
  }

  /** The instance's own server, reached as a tenant's client would. */
  private record Server(String datastore, int port) {
    Connection connect(String database, String user, String password) throws SQLException {
      if (datastore.equals("postgresql")) {
        return DriverManager.getConnection(
            "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?sslmode=disable",
            user,
            password);
      }
      return DriverManager.getConnection(
          "jdbc:mariadb://127.0.0.1:" + port + "/" + database, user, password);
    }

    /** When the server process started (epoch seconds), asked as its administrator. */
    double startedAt() throws Exception {
      String sql =
          datastore.equals("postgresql")
              ? "select extract(epoch from pg_postmaster_start_time())"
              : "select unix_timestamp(now(6)) - variable_value"
                  + " from information_schema.global_status where variable_name = 'UPTIME'";
      try (Connection connection = connect("appdb", "appuser", "Sup3r-secret");
          Statement statement = connection.createStatement();
          java.sql.ResultSet row = statement.executeQuery(sql)) {
        row.next();
        return row.getDouble(1);
      }
    }

    void assertCanUse(String database, String user, String password) throws SQLException {
      try (Connection connection = connect(database, user, password);
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE IF NOT EXISTS proof_" + user.length() + " (id int)");
      }
    }

    void assertRefused(String database, String user, String password) {
      assertThatThrownBy(
              () -> {
                try (Connection connection = connect(database, user, password)) {
                  connection.createStatement().execute("CREATE TABLE refused (id int)");
                }
              })
          .as(user + " on " + database)
          .isInstanceOf(SQLException.class);
    }
  }
}
