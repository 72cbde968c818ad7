package org.opentrove.dist.system;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentrove.guest.AdminCredentials;

/**
 * Backup throughput and restore time through the API, against the same tool run by hand on the same
 * instance, writing to the same directory, in the same run: {@code pg_basebackup} / {@code
 * mariadb-backup} into a file, and a restore by hand (unpack, prepare, start) of what it wrote. Not
 * a pass/fail test: it prints the figures ({@code ./trove bench}).
 */
@Tag("bench")
class BackupBench {
  private static final String PROJECT = "backupbench";
  private static final int ROWS = Integer.getInteger("bench.backupRows", 600_000);
  private static final double MIB = 1024.0 * 1024;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"postgresql", "mariadb"})
  void backupAndRestoreVersusTheRawTool(String datastore) throws Exception {
    try (TroveSystem system = TroveSystem.start()) {
      String id = create(system, datastore, null);
      int port = awaitActivePort(system, id);
      load(datastore, port);
      Path volume = system.vm(id).volume();
      Path rawDir =
          Files.createDirectories(system.services.backupRoot().resolve("raw-" + datastore));

      timeBackup(system, id); // warm-up
      long rawNanos = System.nanoTime();
      Path rawFile = rawBackup(datastore, volume, port, rawDir);
      rawNanos = System.nanoTime() - rawNanos;
      long rawBytes = Files.size(rawFile);

      long oursNanos = System.nanoTime();
      JsonNode backup = timeBackup(system, id);
      oursNanos = System.nanoTime() - oursNanos;
      long oursBytes = backup.get("size_bytes").asLong();

      double oursRate = oursBytes / MIB / (oursNanos / 1e9);
      double rawRate = rawBytes / MIB / (rawNanos / 1e9);
      System.out.printf(
          "%nBENCH %s backup through the API: %.1f MiB in %.0f ms = %.1f MiB/s%n",
          datastore, oursBytes / MIB, oursNanos / 1e6, oursRate);
      System.out.printf(
          "BENCH %s raw %s to the same directory: %.1f MiB in %.0f ms = %.1f MiB/s%n",
          datastore, tool(datastore), rawBytes / MIB, rawNanos / 1e6, rawRate);
      System.out.printf(
          "BENCH %s backup throughput ratio %.2fx (goal >= 0.8x)%n", datastore, oursRate / rawRate);

      long restoreNanos = System.nanoTime();
      String restored = create(system, datastore, backup.get("id").asText());
      awaitActivePort(system, restored);
      restoreNanos = System.nanoTime() - restoreNanos;
      long rawRestoreNanos = rawRestore(datastore, rawFile, rawDir);
      System.out.printf(
          "BENCH %s restore through the API (new instance, create→ACTIVE): %.0f ms%n",
          datastore, restoreNanos / 1e6);
      System.out.printf(
          "BENCH %s raw restore by hand (unpack, prepare, start until it serves): %.0f ms%n",
          datastore, rawRestoreNanos / 1e6);
      System.out.printf(
          "BENCH %s restore speed ratio %.2fx (raw time / ours; goal >= 0.8x)%n%n",
          datastore, (double) rawRestoreNanos / restoreNanos);
    }
  }

  private static String tool(String datastore) {
    return datastore.equals("postgresql") ? "pg_basebackup" : "mariadb-backup";
  }

  private static JsonNode timeBackup(TroveSystem system, String instance) throws Exception {
    String id =
        system
            .api
            .post(
                PROJECT,
                "/backups",
                "{\"backup\": {\"name\": \"b\", \"instance\": \"" + instance + "\"}}")
            .body()
            .get("backup")
            .get("id")
            .asText();
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode backup = system.api.get(PROJECT, "/backups/" + id).body().get("backup");
      if (backup.get("status").asText().equals("COMPLETED")) {
        system.api.awaitInstance(
            PROJECT, instance, ApiClient.status("ACTIVE"), Duration.ofSeconds(60));
        return backup;
      }
      if (backup.get("status").asText().equals("FAILED")) {
        throw new AssertionError("backup failed: " + backup);
      }
      Thread.sleep(20);
    }
    throw new AssertionError("backup " + id + " did not finish");
  }

  private static Path rawBackup(String datastore, Path volume, int port, Path dir)
      throws Exception {
    if (datastore.equals("postgresql")) {
      Path out = dir.resolve("base.tar");
      String password = Files.readString(new AdminCredentials(volume).file()).strip();
      run(
          List.of(
              "bash",
              "-c",
              pgBin("pg_basebackup")
                  + " -h 127.0.0.1 -p "
                  + port
                  + " -U os_admin -w -D - -Ft -X fetch --checkpoint=fast > "
                  + out),
          password);
      return out;
    }
    Path out = dir.resolve("backup.xb");
    Path work = Files.createDirectories(dir.resolve("work"));
    run(List.of("chown", "mysql:mysql", work.toString()), null);
    run(
        List.of(
            "bash",
            "-c",
            "runuser -u mysql -- mariadb-backup --defaults-file="
                + volume.resolve("my.cnf")
                + " --backup --stream=xbstream --target-dir="
                + work
                + " --user=mysql --socket="
                + socket(volume)
                + " > "
                + out),
        null);
    return out;
  }

  /** Unpacks and starts what the raw tool wrote, until the server answers. */
  private static long rawRestore(String datastore, Path backup, Path dir) throws Exception {
    Path target = dir.resolve("restore");
    Files.createDirectories(target);
    run(
        List.of(
            "chown",
            datastore.equals("postgresql") ? "postgres" : "mysql",
            target.toString(),
            dir.toString()),
        null);
    int port = freePort();
    long start = System.nanoTime();
    if (datastore.equals("postgresql")) {
      run(List.of("chmod", "700", target.toString()), null);
      run(
          List.of(
              "runuser",
              "-u",
              "postgres",
              "--",
              "tar",
              "-x",
              "-f",
              backup.toString(),
              "-C",
              target.toString()),
          null);
      Files.writeString(
          target.resolve("postgresql.auto.conf"),
          "port = " + port + "\narchive_mode = off\nlisten_addresses = '127.0.0.1'\n");
      run(List.of("chown", "-R", "postgres", target.toString()), null);
      run(
          List.of(
              "runuser",
              "-u",
              "postgres",
              "--",
              pgBin("pg_ctl"),
              "-D",
              target.toString(),
              "-l",
              dir.resolve("raw.log").toString(),
              "-w",
              "start"),
          null);
      long elapsed = System.nanoTime() - start;
      run(
          List.of(
              "runuser",
              "-u",
              "postgres",
              "--",
              pgBin("pg_ctl"),
              "-D",
              target.toString(),
              "-m",
              "fast",
              "-w",
              "stop"),
          null);
      return elapsed;
    }
    Path extracted = target.resolve("x");
    Path data = target.resolve("data");
    run(List.of("runuser", "-u", "mysql", "--", "mkdir", extracted.toString()), null);
    run(
        List.of("bash", "-c", "runuser -u mysql -- mbstream -x -C " + extracted + " < " + backup),
        null);
    run(
        List.of(
            "runuser",
            "-u",
            "mysql",
            "--",
            "mariadb-backup",
            "--no-defaults",
            "--prepare",
            "--target-dir=" + extracted),
        null);
    run(
        List.of(
            "runuser",
            "-u",
            "mysql",
            "--",
            "mariadb-backup",
            "--no-defaults",
            "--copy-back",
            "--target-dir=" + extracted,
            "--datadir=" + data),
        null);
    Process server =
        new ProcessBuilder(
                "/usr/sbin/mariadbd",
                "--no-defaults",
                "--user=mysql",
                "--datadir=" + data,
                "--port=" + port,
                "--bind-address=127.0.0.1",
                "--socket=" + target.resolve("s.sock"),
                "--skip-log-bin",
                "--performance-schema=OFF")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("raw.log").toFile())
            .start();
    try {
      while (!accepts(port)) {
        Thread.sleep(10);
      }
      return System.nanoTime() - start;
    } finally {
      server.destroy();
      if (!server.waitFor(30, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }

  private static String create(TroveSystem system, String datastore, String backup) {
    String version = datastore.equals("mariadb") ? "10.11" : "15";
    String body =
        backup == null
            ? "{\"instance\": {\"name\": \"bench\", \"flavorRef\": \"1\", \"volume\": {\"size\": 1},"
                + " \"datastore\": {\"type\": \""
                + datastore
                + "\", \"version\": \""
                + version
                + "\"},"
                + " \"databases\": [{\"name\": \"appdb\"}],"
                + " \"users\": [{\"name\": \"appuser\", \"password\": \"Sup3r-secret\","
                + " \"databases\": [{\"name\": \"appdb\"}]}]}}"
            : "{\"instance\": {\"name\": \"restored\", \"flavorRef\": \"1\", \"volume\": {\"size\": 1},"
                + " \"restorePoint\": {\"backupRef\": \""
                + backup
                + "\"}}}";
    return system.api.post(PROJECT, "/instances", body).body().get("instance").get("id").asText();
  }

  private static int awaitActivePort(TroveSystem system, String id) throws Exception {
    system.api.awaitInstance(PROJECT, id, ApiClient.status("ACTIVE"), Duration.ofSeconds(300));
    return system.api.get(PROJECT, "/instances/" + id).body().get("instance").get("port").asInt();
  }

  /** About {@code ROWS} KiB of table data, written by the server itself. */
  private static void load(String datastore, int port) throws Exception {
    String url =
        datastore.equals("postgresql")
            ? "jdbc:postgresql://127.0.0.1:" + port + "/appdb?sslmode=disable"
            : "jdbc:mariadb://127.0.0.1:" + port + "/appdb";
    String sql =
        datastore.equals("postgresql")
            ? "create table big as select g as id, repeat(md5(g::text), 30) as payload"
                + " from generate_series(1, "
                + ROWS
                + ") g"
            : "create table big as select seq as id, repeat(md5(seq), 30) as payload"
                + " from seq_1_to_"
                + ROWS;
    try (Connection connection = DriverManager.getConnection(url, "appuser", "Sup3r-secret");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static String pgBin(String name) throws IOException {
    try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      return versions
          .sorted()
          .reduce((a, b) -> b)
          .orElseThrow()
          .resolve("bin")
          .resolve(name)
          .toString();
    }
  }

  private static String socket(Path volume) throws IOException {
    return Files.readAllLines(volume.resolve("my.cnf")).stream()
        .filter(l -> l.startsWith("socket="))
        .map(l -> l.substring("socket=".length()))
        .findFirst()
        .orElseThrow();
  }

  private static void run(List<String> command, String pgPassword) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (pgPassword != null) {
      builder.environment().put("PGPASSWORD", pgPassword);
    }
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed: " + out);
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 100);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
