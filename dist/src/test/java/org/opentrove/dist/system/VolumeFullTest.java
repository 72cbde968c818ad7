package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A tenant fills its instance's 1 GB volume with SQL: the database refuses the write with disk full
 * (SQLSTATE 53100), the instance shows the fault through the API, another instance still writes,
 * and delete removes the full volume. PostgreSQL PANICs when the full disk hits a new WAL segment
 * and cannot finish crash recovery without room, so the filled server stays down (see
 * docs/architecture.md, "A full volume"); clearing the fault is the conductor's test.
 */
class VolumeFullTest {
  private static final String PROJECT = "volumes";
  private static final String PASSWORD = "Fill-it-up-1";
  private static TroveSystem system;

  @BeforeAll
  static void start() throws Exception {
    system = TroveSystem.start();
  }

  @AfterAll
  static void stop() throws Exception {
    system.close();
  }

  @Test
  void fillingTheVolumeFailsInsideTheDatabaseAndShowsAsTheInstancesFault() throws Exception {
    String full = create("filled");
    String neighbour = create("neighbour");
    int fullPort = awaitActive(full).path("port").asInt();
    int neighbourPort = awaitActive(neighbour).path("port").asInt();
    Path volume = system.vm(full).volume();
    assertThat(Files.getFileStore(volume).getTotalSpace()).isLessThanOrEqualTo(1L << 30);

    long began = System.nanoTime();
    SQLException refused = fillUntilRefused(fullPort);
    System.out.printf(
        "1 GB volume filled through SQL in %d ms: %s %s%n",
        (System.nanoTime() - began) / 1_000_000, refused.getSQLState(), refused.getMessage());
    assertThat(refused.getSQLState()).as(refused.getMessage()).isEqualTo("53100");
    assertThat(refused.getMessage()).contains("No space left on device");

    printLogTail(full);
    JsonNode faulted =
        system.api.awaitInstance(
            PROJECT,
            full,
            answer -> faultOf(answer.body()).startsWith("volume full:"),
            Duration.ofSeconds(30));
    JsonNode instance = faulted.path("instance");
    System.out.println(
        "fault shown: " + instance.path("fault") + ", status " + instance.path("status"));
    assertThat(instance.path("fault").path("details").asText()).contains("bytes on the volume");

    try (Connection c = connect(neighbourPort);
        Statement s = c.createStatement()) {
      s.execute("create table still_writes (b text)");
      s.execute("insert into still_writes select repeat('y', 1000) from generate_series(1, 10000)");
    }
    assertThat(faultOf(system.api.get(PROJECT, "/instances/" + neighbour).body())).isEmpty();

    system.deleteAndCheckNothingLeft(PROJECT, List.of(full, neighbour));
    assertThat(Files.exists(volume)).isFalse();
  }

  /**
   * Rows of 1 MB stored uncompressed (STORAGE EXTERNAL), 64 per statement, until the database
   * refuses one.
   */
  private static SQLException fillUntilRefused(int port) throws SQLException {
    try (Connection c = connect(port);
        Statement s = c.createStatement()) {
      s.execute("create table filler (b text)");
      s.execute("alter table filler alter column b set storage external");
      for (int i = 0; i < 100; i++) {
        try {
          s.execute(
              "insert into filler select repeat(md5(g::text), 32768) from generate_series(1, 64) g");
        } catch (SQLException e) {
          return e;
        }
      }
    }
    throw new AssertionError("6 GB went into a 1 GB volume without an error");
  }

  private static void printLogTail(String id) throws Exception {
    Path log = system.vm(id).volume().resolve("postgresql.log");
    if (Files.exists(log)) {
      List<String> lines = Files.readAllLines(log);
      lines.subList(Math.max(0, lines.size() - 25), lines.size()).forEach(System.out::println);
    }
  }

  private static String faultOf(JsonNode body) {
    return body.path("instance").path("fault").path("message").asText("");
  }

  private static Connection connect(int port) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + port + "/appdb?sslmode=disable", "appuser", PASSWORD);
  }

  private static String create(String name) {
    ApiClient.Answer created =
        system.api.post(
            PROJECT,
            "/instances",
            """
            {"instance": {"name": "%s", "flavorRef": "1", "volume": {"size": 1},
              "datastore": {"type": "postgresql", "version": "15"},
              "databases": [{"name": "appdb"}],
              "users": [{"name": "appuser", "password": "%s", "databases": [{"name": "appdb"}]}]}}
            """
                .formatted(name, PASSWORD));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(200);
    return created.body().path("instance").path("id").asText();
  }

  private static JsonNode awaitActive(String id) throws Exception {
    return system
        .api
        .awaitInstance(PROJECT, id, ApiClient.status("ACTIVE"), Duration.ofSeconds(90))
        .path("instance");
  }
}
