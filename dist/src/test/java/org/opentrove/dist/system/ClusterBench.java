package org.opentrove.dist.system;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Growing a Galera cluster by one member holding 1 GiB of data, asked through the API until the
 * cluster is back to no task with every member ACTIVE, against the same state transfer by hand on
 * the same data: {@code mariadb-backup --backup --stream} of the donor extracted by {@code
 * mbstream}, {@code mariadb-backup --prepare}, and a {@code mariadbd} started on the result until
 * it takes connections. Not a pass/fail test: it prints the figures ({@code ./trove bench}).
 */
@Tag("bench")
class ClusterBench {
  private static final String PROJECT = "bench";
  private static final int DATA_MIB = Integer.getInteger("bench.clusterDataMiB", 1024);

  @Test
  void growByOneMemberVersusRawStateTransfer() throws Exception {
    try (TroveSystem system = TroveSystem.start()) {
      Clusters clusters = new Clusters(system, PROJECT);
      String instances =
          "{\"flavorRef\": \"2\", \"volume\": {\"size\": 4}},".repeat(2)
              + "{\"flavorRef\": \"2\", \"volume\": {\"size\": 4}}";
      JsonNode created =
          system
              .api
              .post(
                  PROJECT,
                  "/clusters",
                  "{\"cluster\": {\"name\": \"bench\", \"datastore\": {\"type\": \"mariadb\","
                      + " \"version\": \"10.11\"}, \"instances\": ["
                      + instances
                      + "]}}")
              .body();
      String clusterId = created.path("cluster").path("id").asText();
      final JsonNode cluster = clusters.awaitReady(clusterId, 3, Duration.ofMinutes(5));
      String donor = Clusters.memberIds(cluster).get(0);
      String password =
          system
              .api
              .post(PROJECT, "/clusters/" + clusterId + "/root", "{}")
              .body()
              .path("user")
              .path("password")
              .asText();
      int donorPort = clusters.port(donor);
      long bytes = load(donorPort, password);
      System.out.printf("loaded %d MiB of table data into the cluster%n", bytes >> 20);

      long began = System.nanoTime();
      ApiClient.Answer grow =
          system.api.post(
              PROJECT,
              "/clusters/" + clusterId,
              "{\"grow\": [{\"flavorRef\": \"2\", \"volume\": {\"size\": 4}}]}");
      if (grow.status() != 202) {
        throw new AssertionError("grow: " + grow.status() + " " + grow.body());
      }
      JsonNode grown = clusters.awaitReady(clusterId, 4, Duration.ofMinutes(30));
      long ours = System.nanoTime() - began;
      String added =
          Clusters.memberIds(grown).stream()
              .filter(id -> !Clusters.memberIds(cluster).contains(id))
              .findFirst()
              .orElseThrow();
      printSteps(system, "instance-create/" + added);
      printSteps(
          system,
          system.jdbi.withHandle(
              h ->
                  h.createQuery("select id from operations where id like 'cluster-grow/%'")
                      .mapTo(String.class)
                      .one()));
      Path log = system.vm(added).volume().resolve("mariadb.log");
      Files.readAllLines(log).stream()
          .filter(
              line ->
                  line.contains("WSREP_SST")
                      || line.contains("SST")
                      || line.contains("ready for connections")
                      || line.contains("IST"))
          .forEach(line -> System.out.println("  joiner: " + line));

      long raw = rawStateTransfer(system.services.workDir, donorPort, password);
      CreateLatencyBench.report(
          "cluster grow by one member (" + (bytes >> 20) + " MiB)→cluster ready",
          List.of(ours),
          "raw mariadb-backup stream|mbstream -x, --prepare, mariadbd started on it",
          List.of(raw));
    }
  }

  private static void printSteps(TroveSystem system, String operationId) {
    JsonNode operation =
        system.api.get(PROJECT, "/operations/" + operationId).body().path("operation");
    for (JsonNode step : operation.path("steps")) {
      System.out.printf(
          "  %s %s: %d ms%n",
          operationId, step.path("name").asText(), step.path("duration_ms").asLong());
    }
  }

  /** Fills the cluster through the donor; answers the table's data and index bytes. */
  private static long load(int port, String password) throws Exception {
    try (Connection c = Clusters.connect(port, "root", password);
        Statement s = c.createStatement()) {
      s.execute("create database bench");
      s.execute("use bench"); // the sequence engine's seq_1_to_N tables need a current database
      s.execute(
          "create table bench.rows (id bigint primary key auto_increment, pad varchar(1100))");
      int batches = Math.max(1, DATA_MIB / 64);
      for (int i = 0; i < batches; i++) {
        // 64 MiB per transaction: well under Galera's write-set limit.
        s.execute(
            "insert into bench.rows (pad) select repeat(md5(rand()), 32) from seq_1_to_65536");
      }
      try (ResultSet rows =
          s.executeQuery(
              "select data_length + index_length from information_schema.tables"
                  + " where table_schema = 'bench' and table_name = 'rows'")) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  /** The state transfer by hand: stream, extract, prepare, start; answers nanoseconds. */
  private static long rawStateTransfer(Path workDir, int donorPort, String password)
      throws Exception {
    Path target = Files.createDirectories(workDir.resolve("raw-sst"));
    Path data = target.resolve("data");
    Files.createDirectories(data);
    long began = System.nanoTime();
    run(
        List.of(
            "bash",
            "-c",
            "mariadb-backup --backup --stream=mbstream --host=127.0.0.1 --port="
                + donorPort
                + " --user=root --password=\"$PW\" --target-dir="
                + target
                + " 2>"
                + target.resolve("backup.log")
                + " | mbstream -x -C "
                + data),
        password);
    run(List.of("mariadb-backup", "--prepare", "--target-dir=" + data, "--use-memory=256M"), null);
    int port = 15999;
    Process server =
        new ProcessBuilder(
                "/usr/sbin/mariadbd",
                "--no-defaults",
                "--user=root",
                "--datadir=" + data,
                "--port=" + port,
                "--bind-address=127.0.0.1",
                "--socket=" + target.resolve("s.sock"),
                "--skip-grant-tables",
                "--innodb-buffer-pool-size=256M")
            .redirectErrorStream(true)
            .redirectOutput(target.resolve("server.log").toFile())
            .start();
    try {
      while (!accepts(port)) {
        if (!server.isAlive()) {
          throw new AssertionError("the raw server died; see " + target.resolve("server.log"));
        }
        Thread.sleep(20);
      }
      return System.nanoTime() - began;
    } finally {
      server.destroy();
      server.waitFor();
    }
  }

  private static boolean accepts(int port) {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
      socket.setSoTimeout(1000);
      return socket.getInputStream().read() >= 0;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static void run(List<String> command, String password) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (password != null) {
      builder.environment().put("PW", password);
    }
    Process process = builder.redirectOutput(new File("/dev/null")).start();
    if (process.waitFor() != 0) {
      throw new AssertionError(command.get(0) + " failed with " + process.exitValue());
    }
  }
}
