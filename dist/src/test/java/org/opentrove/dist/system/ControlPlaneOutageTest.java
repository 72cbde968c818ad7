package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.opentrove.dist.dev.FreePorts;
import org.opentrove.store.Migrations;

/**
 * The control-plane database goes away: the API answers 503 in Trove's shape, and recovers by
 * itself when the database is back. Runs on its own PostgreSQL so restarting it disturbs nothing.
 */
class ControlPlaneOutageTest {
  @Test
  void apiAnswers503WhileTheDatabaseIsDownAndRecoversByItself() throws Exception {
    int port = FreePorts.preferring(0);
    Path data = Files.createTempDirectory("control-plane-pg-");
    EmbeddedPostgres pg = start(port, data);
    Migrations.migrate(pg.getPostgresDatabase());
    try (TroveSystem system =
        TroveSystem.startOnDatabase("jdbc:postgresql://127.0.0.1:" + port + "/postgres")) {
      assertThat(system.api.get("p1", "/instances").status()).isEqualTo(200);

      pg.close();
      ApiClient.Answer down = system.api.get("p1", "/instances");
      assertThat(down.status()).isEqualTo(503);
      assertThat(down.body().get("serviceUnavailable").get("code").asInt()).isEqualTo(503);

      pg = start(port, data);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      int status = 0;
      while (status != 200 && System.nanoTime() < deadline) {
        Thread.sleep(200);
        status = system.api.get("p1", "/instances").status();
      }
      assertThat(status).as("the API recovers without a restart").isEqualTo(200);
    } finally {
      pg.close();
      try (var files = Files.walk(data)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Keeps its data directory, so a second start brings the same database back. */
  private static EmbeddedPostgres start(int port, Path data) throws Exception {
    return EmbeddedPostgres.builder()
        .setPort(port)
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setServerConfig("listen_addresses", "127.0.0.1")
        .start();
  }
}
