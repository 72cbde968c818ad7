package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.opentrove.objects.ObjectStore;
import org.opentrove.objects.ObjectStores;

/**
 * The Swift tier: a real Swift with Keystone (the loopback cloud's, started through {@code
 * scripts/swift-aio}) as the backup store of the whole system. A full and an incremental backup
 * stream into it, a restore of the incremental gives exactly its rows, and deleting the chain
 * leaves the container empty.
 */
@ExtendWith(SharedCloud.class)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(TestLanes.SECOND)
class BackupSwiftTest {
  private static final String PROJECT = "swiftbackups";
  private static TroveSystem system;
  private static ObjectStore store;

  @BeforeAll
  static void start() throws Exception {
    TestServices services = new TestServices();
    services.backups = SharedCloud.get().swiftStore("trove_backups");
    services.portRangeStart = TestLanes.SECOND_PORT_RANGE_START;
    services.portRangeEnd = TestLanes.SECOND_PORT_RANGE_END;
    store = ObjectStores.open(services.backups);
    system = TroveSystem.startWithExternalWorker(services);
  }

  @AfterAll
  static void stop() throws Exception {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void fullAndIncrementalBackupsGoToSwiftAndRestoreExactly() throws Exception {
    String source = create("source", null);
    int port = activePort(source);
    write(port, 0, 1000);
    String full = backup(source, null);
    write(port, 1000, 500);
    String atIncremental = BackupCliTest.checksum("postgresql", port, "appdb");
    String incremental = backup(source, full);
    write(port, 1500, 5);

    assertThat(store.list(full + "/")).contains(full + "/base.tar", full + "/manifest.json");
    assertThat(store.list(incremental + "/")).contains(incremental + "/manifest.json");
    assertThat(store.list(incremental + "/wal/")).isNotEmpty();

    String restored = create("restored", incremental);
    assertThat(BackupCliTest.checksum("postgresql", activePort(restored), "appdb"))
        .isEqualTo(atIncremental);

    assertThat(system.api.delete(PROJECT, "/backups/" + full + "?delete_chain=false").status())
        .as("asked not to take the chain with it")
        .isEqualTo(400);
    assertThat(system.api.delete(PROJECT, "/backups/" + full).status())
        .as("Trove's delete takes the incremental backups built on it")
        .isEqualTo(202);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (system.api.get(PROJECT, "/backups/" + full).status() != 404
        && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(system.api.get(PROJECT, "/backups/" + incremental).status()).isEqualTo(404);
    assertThat(store.list(full + "/")).isEmpty();
    assertThat(store.list(incremental + "/")).isEmpty();
    system.deleteAndCheckNothingLeft(PROJECT, List.of(source, restored));
  }

  private static String create(String name, String backup) {
    String body =
        backup == null
            ? "{\"instance\": {\"name\": \""
                + name
                + "\", \"flavorRef\": \"1\", \"volume\": {\"size\": 1},"
                + " \"databases\": [{\"name\": \"appdb\"}], \"users\": [{\"name\": \"appuser\","
                + " \"password\": \"Sup3r-secret\", \"databases\": [{\"name\": \"appdb\"}]}]}}"
            : "{\"instance\": {\"name\": \""
                + name
                + "\", \"flavorRef\": \"1\", \"volume\": {\"size\": 1},"
                + " \"restorePoint\": {\"backupRef\": \""
                + backup
                + "\"}}}";
    return system.api.post(PROJECT, "/instances", body).body().get("instance").get("id").asText();
  }

  private static int activePort(String id) throws Exception {
    system.api.awaitInstance(PROJECT, id, ApiClient.status("ACTIVE"), Duration.ofSeconds(120));
    return system.api.get(PROJECT, "/instances/" + id).body().get("instance").get("port").asInt();
  }

  private static String backup(String instance, String parent) throws Exception {
    String body =
        "{\"backup\": {\"name\": \"swift\", \"instance\": \""
            + instance
            + "\""
            + (parent == null ? "" : ", \"parent_id\": \"" + parent + "\"")
            + "}}";
    String id = system.api.post(PROJECT, "/backups", body).body().get("backup").get("id").asText();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    JsonNode backup;
    do {
      Thread.sleep(200);
      backup = system.api.get(PROJECT, "/backups/" + id).body().get("backup");
    } while (!backup.get("status").asText().matches("COMPLETED|FAILED")
        && System.nanoTime() < deadline);
    assertThat(backup.get("status").asText()).as(backup.toString()).isEqualTo("COMPLETED");
    system.api.awaitInstance(PROJECT, instance, ApiClient.status("ACTIVE"), Duration.ofSeconds(30));
    return id;
  }

  private static void write(int port, int from, int count) throws Exception {
    try (Connection connection =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/appdb?sslmode=disable",
                "appuser",
                "Sup3r-secret");
        Statement statement = connection.createStatement()) {
      statement.execute("create table if not exists items (id int primary key, payload text)");
      statement.execute(
          "insert into items select g, repeat(md5(g::text), 20) from generate_series("
              + from
              + ", "
              + (from + count - 1)
              + ") g");
    }
  }
}
