package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentrove.dist.dev.FreePorts;
import org.opentrove.store.Migrations;
import org.opentrove.store.ServiceStatusRow;

/**
 * Chaos tier: the control-plane database goes away under the API, the worker and the conductor. The
 * API answers 503 in Trove's shape meanwhile; everything recovers by itself when the database is
 * back: a create under way completes, and no heartbeat is lost. Runs on its own PostgreSQL so
 * restarting it disturbs nothing.
 */
class ControlPlaneOutageTest {
  private static int port;
  private static Path data;
  private static EmbeddedPostgres pg;
  private static TroveSystem system;

  @BeforeAll
  static void start() throws Exception {
    port = FreePorts.preferring(0);
    data = Files.createTempDirectory("control-plane-pg-");
    pg = startPostgres();
    Migrations.migrate(pg.getPostgresDatabase());
    system = TroveSystem.startOnDatabase("jdbc:postgresql://127.0.0.1:" + port + "/postgres");
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (system != null) {
        system.close();
      }
    } finally {
      pg.close();
      try (Stream<Path> files = Files.walk(data)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void apiAnswers503WhileTheDatabaseIsDownAndRecoversByItself() throws Exception {
    assertThat(system.api.get("p1", "/instances").status()).isEqualTo(200);

    pg.close();
    ApiClient.Answer down = system.api.get("p1", "/instances");
    assertThat(down.status()).isEqualTo(503);
    assertThat(down.body().get("serviceUnavailable").get("code").asInt()).isEqualTo(503);

    pg = startPostgres();
    assertThat(awaitApiAnswers200()).as("the API recovers without a restart").isTrue();
  }

  @Test
  void createCompletesAndNoHeartbeatIsLostAcrossADatabaseRestart() throws Exception {
    String steady = system.create("chaos", "steady");
    system.api.awaitInstance("chaos", steady, ApiClient.status("ACTIVE"), Duration.ofSeconds(120));

    String created = system.create("chaos", "across-db-restart");
    pg.close();
    Thread.sleep(4000); // worker steps and conductor batches fail and retry meanwhile
    pg = startPostgres();
    assertThat(awaitApiAnswers200()).isTrue();
    system.api.awaitInstance("chaos", created, ApiClient.status("ACTIVE"), Duration.ofSeconds(120));

    Map<String, ServiceStatusRow> counted = system.awaitHeartbeats(List.of(steady, created), 4);
    long missed = counted.values().stream().mapToLong(ServiceStatusRow::missedHeartbeats).sum();
    System.out.printf(
        "heartbeats applied: %d, missed: %d%n",
        counted.values().stream().mapToLong(ServiceStatusRow::heartbeats).sum(), missed);
    assertThat(missed).as("missed heartbeats: " + counted).isZero();
    assertThat(system.guestAgentsOf(created)).as("exactly one guest").hasSize(1);
    system.deleteAndCheckNothingLeft("chaos", List.of(steady, created));
  }

  private static boolean awaitApiAnswers200() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (system.api.get("p1", "/instances").status() == 200) {
        return true;
      }
      Thread.sleep(200);
    }
    return false;
  }

  /** Keeps its data directory, so a second start brings the same database back. */
  private static EmbeddedPostgres startPostgres() throws Exception {
    return EmbeddedPostgres.builder()
        .setPort(port)
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setServerConfig("listen_addresses", "127.0.0.1")
        .start();
  }
}
