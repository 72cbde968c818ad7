package org.opentrove.dist.system;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A switchover ({@code promote_to_replica_source}) asked through the API until both members are
 * ACTIVE in their new roles, against the same by hand on a raw pair of the same binaries: stop the
 * primary (fast), promote the replica ({@code pg_ctl promote -w}), start the old primary as its
 * standby, first write on the new primary. Roles flip every run. Not a pass/fail test: it prints
 * the figures ({@code ./trove bench}).
 */
@Tag("bench")
class ReplicaBench {

  @Test
  void switchoverVersusRawPromote() throws Exception {
    try (TroveSystem system = TroveSystem.start();
        RawPostgresFloor.Started primary = RawPostgresFloor.start(system.services.workDir);
        RawPair pair = RawPair.of(primary)) {
      String first = system.create("bench", "switch");
      system.api.awaitInstance("bench", first, ApiClient.status("ACTIVE"), Duration.ofSeconds(120));
      ApiClient.Answer created =
          system.api.post(
              "bench",
              "/instances",
              "{\"instance\": {\"name\": \"switch-r\", \"replica_of\": \"" + first + "\"}}");
      String second = created.body().path("instance").path("id").asText();
      system.api.awaitInstance(
          "bench", second, ApiClient.status("ACTIVE"), Duration.ofSeconds(180));
      String source = first;
      String replica = second;
      switchover(system, replica, source); // warm-up
      String swap = source;
      source = replica;
      replica = swap;
      pair.switchover();
      List<Long> ours = new ArrayList<>();
      List<Long> raw = new ArrayList<>();
      for (int i = 0; i < CreateLatencyBench.RUNS; i++) {
        ours.add(switchover(system, replica, source));
        swap = source;
        source = replica;
        replica = swap;
        raw.add(pair.switchover());
      }
      CreateLatencyBench.report(
          "switchover→both ACTIVE",
          ours,
          "raw stop primary+pg_ctl promote+old primary started as standby+first write",
          raw);
      system.deleteAndAwaitGone("bench", replica);
      system.deleteAndAwaitGone("bench", source);
    }
  }

  private static long switchover(TroveSystem system, String replica, String source)
      throws Exception {
    long start = System.nanoTime();
    ApiClient.Answer answer =
        system.api.post(
            "bench", "/instances/" + replica + "/action", "{\"promote_to_replica_source\": {}}");
    if (answer.status() != 202) {
      throw new AssertionError("promote refused: " + answer.body());
    }
    String operationId = answer.raw().headers().firstValue("X-Trove-Operation-Id").orElseThrow();
    system.api.awaitInstance(
        "bench",
        replica,
        a -> ApiClient.status("ACTIVE").test(a) && !a.body().path("instance").has("replica_of"),
        Duration.ofSeconds(120));
    JsonNode old =
        system
            .api
            .awaitInstance(
                "bench",
                source,
                a ->
                    ApiClient.status("ACTIVE").test(a)
                        && a.body().path("instance").has("replica_of"),
                Duration.ofSeconds(120))
            .path("instance");
    long elapsed = System.nanoTime() - start;
    if (!old.path("replica_of").path("id").asText().equals(replica)) {
      throw new AssertionError("the old source follows " + old.path("replica_of"));
    }
    CreateLatencyBench.printSteps(system, operationId);
    return elapsed;
  }

  /** A raw primary and its streaming standby, switched over by hand. */
  private static final class RawPair implements AutoCloseable {
    private final String pgCtl = RawPostgresFloor.BIN.resolve("pg_ctl").toString();
    private Member primary;
    private Member standby;
    private Member made;

    private record Member(Path dir, Path pgdata, int port) {}

    static RawPair of(RawPostgresFloor.Started started) throws Exception {
      RawPair pair = new RawPair();
      pair.primary = new Member(started.dir(), started.pgdata(), started.port());
      Path dir = Files.createTempDirectory(started.dir().getParent(), "raw-standby-");
      Path pgdata = dir.resolve("pgdata");
      Files.writeString(dir.resolve("pgpass"), "*:*:*:os_admin:rawfloorpassword\n");
      RawPostgresFloor.run("chmod", "600", dir.resolve("pgpass").toString());
      RawPostgresFloor.run("chown", "-R", "postgres:", dir.toString());
      int port;
      try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      RawPostgresFloor.asPostgres(
          "env",
          "PGPASSFILE=" + dir.resolve("pgpass"),
          RawPostgresFloor.BIN.resolve("pg_basebackup").toString(),
          "-h",
          "127.0.0.1",
          "-p",
          Integer.toString(started.port()),
          "-U",
          "os_admin",
          "-D",
          pgdata.toString(),
          "-X",
          "stream",
          "-R");
      Files.writeString(
          pgdata.resolve("postgresql.auto.conf"),
          "\nport = " + port + "\n",
          StandardOpenOption.APPEND);
      pair.standby = new Member(dir, pgdata, port);
      pair.made = pair.standby;
      pair.start(pair.standby);
      return pair;
    }

    /** The switchover by hand, timed to the first write on the new primary. */
    long switchover() throws Exception {
      long start = System.nanoTime();
      RawPostgresFloor.asPostgres(
          pgCtl, "-D", primary.pgdata().toString(), "-m", "fast", "-w", "stop");
      RawPostgresFloor.asPostgres(pgCtl, "-D", standby.pgdata().toString(), "-w", "promote");
      Files.writeString(
          primary.pgdata().resolve("postgresql.auto.conf"),
          "port = "
              + primary.port()
              + "\nprimary_conninfo = 'host=127.0.0.1 port="
              + standby.port()
              + " user=os_admin password=rawfloorpassword'\n");
      RawPostgresFloor.run("touch", primary.pgdata().resolve("standby.signal").toString());
      RawPostgresFloor.run(
          "chown", "postgres:", primary.pgdata().resolve("standby.signal").toString());
      start(primary);
      try (Connection c =
          DriverManager.getConnection(
              "jdbc:postgresql://127.0.0.1:" + standby.port() + "/postgres",
              "os_admin",
              "rawfloorpassword")) {
        c.createStatement()
            .execute("create table if not exists t (i int); insert into t values (1)");
      }
      long elapsed = System.nanoTime() - start;
      Member swap = primary;
      primary = standby;
      standby = swap;
      return elapsed;
    }

    private void start(Member member) throws Exception {
      RawPostgresFloor.asPostgres(
          pgCtl,
          "-D",
          member.pgdata().toString(),
          "-l",
          member.dir().resolve("log").toString(),
          "-w",
          "-t",
          "60",
          "start");
    }

    /** Stops and removes the member this pair made; the floor's own goes with the floor. */
    @Override
    public void close() throws Exception {
      RawPostgresFloor.asPostgres(pgCtl, "-D", made.pgdata().toString(), "-m", "immediate", "stop");
      RawPostgresFloor.run("rm", "-rf", made.dir().toString());
    }
  }
}
