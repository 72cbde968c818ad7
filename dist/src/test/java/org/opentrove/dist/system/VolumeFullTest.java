package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A tenant fills its instance's 1 GB volume with SQL. The database refuses the write with disk full
 * (PostgreSQL: SQLSTATE 53100; MariaDB: error 1114, the table is full), the instance shows the
 * fault through the API, the server stays up (reads work, and dropping, emptying or deleting rows
 * makes room that later writes use, which clears the fault), another instance still writes, and
 * delete removes the full volumes. PostgreSQL keeps its WAL in the volume's reserved area, so the
 * full volume never stops a WAL write (see docs/architecture.md, "A full volume").
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
  void postgresqlRefusesTheWriteAndStaysUpWhileANeighbourWrites() throws Exception {
    String full = create("filled-pg", "postgresql");
    String neighbour = create("neighbour", "postgresql");
    int port = awaitActive(full).path("port").asInt();
    int neighbourPort = awaitActive(neighbour).path("port").asInt();
    Path volume = system.vm(full).volume();
    assertThat(Files.getFileStore(volume).getTotalSpace()).isLessThanOrEqualTo(1L << 30);

    try (Connection c = connect("postgresql", port);
        Statement s = c.createStatement()) {
      s.execute("create table spare as select repeat('s', 1000) b from generate_series(1, 48000)");
      s.execute("create table filler (b text)");
      s.execute("alter table filler alter column b set storage external");
      // Rows of 1 MB stored uncompressed, 64 per statement.
      SQLException refused =
          fillUntilRefused(
              s,
              "insert into filler select repeat(md5(g::text), 32768) from generate_series(1, 64) g");
      assertThat(refused.getSQLState()).as(refused.getMessage()).isEqualTo("53100");
      assertThat(refused.getMessage()).contains("No space left on device");
      awaitVolumeFull(full);

      // The server is up: it reads, drops, deletes, and the room made takes new rows. A table is
      // dropped first: a DELETE writes much WAL, which the reserved area holds only while
      // checkpoints run, and on a volume full to its last block one can fail (see the docs).
      assertThat(count(s, "filler")).isPositive();
      s.execute("drop table spare");
      s.execute("delete from filler");
      s.execute("vacuum filler");
      s.execute(
          "insert into filler select repeat(md5(g::text), 32768) from generate_series(1, 64) g");
      s.execute("truncate filler");
      s.execute(
          "insert into filler select repeat(md5(g::text), 32768) from generate_series(1, 64) g");
      assertThat(count(s, "filler")).isEqualTo(64);
    }
    printLogTail(volume.resolve("postgresql.log"));
    awaitRoom(full);

    try (Connection c = connect("postgresql", neighbourPort);
        Statement s = c.createStatement()) {
      s.execute("create table still_writes (b text)");
      s.execute("insert into still_writes select repeat('y', 1000) from generate_series(1, 10000)");
    }
    assertThat(faultOf(system.api.get(PROJECT, "/instances/" + neighbour).body())).isEmpty();

    system.deleteAndCheckNothingLeft(PROJECT, List.of(full, neighbour));
    assertThat(Files.exists(volume)).isFalse();
  }

  /**
   * Rows of 3.8 KB, stored in InnoDB's pages. Rows of 1 MB (stored off-page) make MariaDB 10.11
   * abort instead when the volume fills ("[FATAL] InnoDB: Error (Out of disk space) in rollback"):
   * see docs/architecture.md, "A full volume".
   */
  @Test
  void mariadbRefusesTheWriteAndStaysUp() throws Exception {
    String full = create("filled-mariadb", "mariadb");
    int port = awaitActive(full).path("port").asInt();
    Path volume = system.vm(full).volume();

    try (Connection c = connect("mariadb", port);
        Statement s = c.createStatement()) {
      s.execute("create table filler (b varchar(4000))");
      SQLException refused =
          fillUntilRefused(
              s, "insert into filler select repeat(md5(seq), 120) from seq_1_to_20000");
      assertThat(refused.getErrorCode()).as(refused.getMessage()).isEqualTo(1114);
      assertThat(refused.getMessage()).contains("The table 'filler' is full");
      awaitVolumeFull(full);

      assertThat(count(s, "filler")).isPositive();
      s.execute("truncate filler");
      s.execute("insert into filler select repeat(md5(seq), 120) from seq_1_to_20000");
      assertThat(count(s, "filler")).isEqualTo(20000);
      s.execute("drop table filler");
    }
    printLogTail(volume.resolve("mariadb.log"));
    awaitRoom(full);

    system.deleteAndCheckNothingLeft(PROJECT, List.of(full));
    assertThat(Files.exists(volume)).isFalse();
  }

  /** Runs {@code insert} until the database refuses it; 6 GB would not fit in the volume. */
  private static SQLException fillUntilRefused(Statement s, String insert) throws SQLException {
    long began = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      try {
        s.execute(insert);
      } catch (SQLException e) {
        System.out.printf(
            "1 GB volume filled through SQL in %d ms: %s %d %s%n",
            (System.nanoTime() - began) / 1_000_000, e.getSQLState(), e.getErrorCode(), e);
        return e;
      }
    }
    throw new AssertionError("6 GB went into a 1 GB volume without an error");
  }

  private static void awaitVolumeFull(String id) throws Exception {
    JsonNode instance =
        system
            .api
            .awaitInstance(
                PROJECT,
                id,
                answer -> faultOf(answer.body()).startsWith("volume full:"),
                Duration.ofSeconds(30))
            .path("instance");
    System.out.println(
        "fault shown: " + instance.path("fault") + ", status " + instance.path("status"));
    assertThat(instance.path("fault").path("details").asText()).contains("bytes on the volume");
    assertThat(instance.path("status").asText()).isEqualTo("ACTIVE");
  }

  /**
   * The fault goes with the first heartbeat that finds room, and the server stayed up. Room can
   * come a while after the statements that made it (seen in 2 of 5 runs here: the volume still 912
   * of 960 MiB used 30 s after the table's truncation; the cause is not found yet).
   */
  private static void awaitRoom(String id) throws Exception {
    JsonNode instance =
        system
            .api
            .awaitInstance(
                PROJECT, id, answer -> faultOf(answer.body()).isEmpty(), Duration.ofSeconds(120))
            .path("instance");
    assertThat(instance.path("status").asText()).isEqualTo("ACTIVE");
  }

  private static long count(Statement s, String table) throws SQLException {
    try (ResultSet rs = s.executeQuery("select count(*) from " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void printLogTail(Path log) throws Exception {
    if (Files.exists(log)) {
      List<String> lines =
          Files.readAllLines(log).stream()
              .filter(line -> !line.contains("preallocating")) // InnoDB repeats it per page
              .toList();
      lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(System.out::println);
    }
  }

  private static String faultOf(JsonNode body) {
    return body.path("instance").path("fault").path("message").asText("");
  }

  private static Connection connect(String datastore, int port) throws SQLException {
    String url =
        datastore.equals("postgresql")
            ? "jdbc:postgresql://127.0.0.1:" + port + "/appdb?sslmode=disable"
            : "jdbc:mariadb://127.0.0.1:" + port + "/appdb";
    return DriverManager.getConnection(url, "appuser", PASSWORD);
  }

  private static String create(String name, String datastore) {
    ApiClient.Answer created =
        system.api.post(
            PROJECT,
            "/instances",
            """
            {"instance": {"name": "%s", "flavorRef": "1", "volume": {"size": 1},
              "datastore": {"type": "%s", "version": "%s"},
              "databases": [{"name": "appdb"}],
              "users": [{"name": "appuser", "password": "%s", "databases": [{"name": "appdb"}]}]}}
            """
                .formatted(
                    name, datastore, datastore.equals("mariadb") ? "10.11" : "15", PASSWORD));
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
