package org.opentrove.dist.system;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.opentrove.activities.compute.DockerRuntimeConfig;

/**
 * The raw floor of a create on the docker runtime, by hand with the same image and daemon: {@code
 * docker run}, initdb with the guest's flags, start, first query over the published port. No
 * control plane, no guest agent, no limits.
 */
final class RawDockerPostgresFloor {
  private static final String IMAGE = "opentrove/postgresql:15";
  private static final String BIN = "/usr/lib/postgresql/15/bin/";
  private static final int UID = 199_999;

  private RawDockerPostgresFloor() {}

  static long measureNanos(Path workDir) throws Exception {
    Path dir = Files.createTempDirectory(workDir, "raw-docker-");
    Files.writeString(dir.resolve("pw"), "rawfloorpassword\n");
    run("chown", "-R", UID + ":" + UID, dir.toString());
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String name = "raw-floor-" + port;
    long start = System.nanoTime();
    try {
      docker(
          "run",
          "-d",
          "--name",
          name,
          "--init",
          "--network",
          new DockerRuntimeConfig().network,
          "-p",
          "127.0.0.1:" + port + ":" + port,
          "-e",
          "TROVE_UID=" + UID,
          "-v",
          dir + ":" + dir,
          IMAGE);
      String pgdata = dir.resolve("pgdata").toString();
      String script =
          "until [ -e /run/trove/passwd ]; do sleep 0.01; done; "
              + BIN
              + "initdb -D "
              + pgdata
              + " --username=os_admin --pwfile="
              + dir
              + "/pw"
              + " --auth-host=scram-sha-256 --auth-local=scram-sha-256 --encoding=UTF8"
              + " --locale=C.UTF-8 >/dev/null"
              + " && echo 'host all all samenet scram-sha-256' >> "
              + pgdata
              + "/pg_hba.conf"
              + " && "
              + BIN
              + "pg_ctl -D "
              + pgdata
              + " -l "
              + dir
              + "/log -w start"
              + " -o \"-c listen_addresses=* -c port="
              + port
              + " -c unix_socket_directories=''\""
              + " >/dev/null";
      docker("exec", "-u", UID + ":" + UID, name, "sh", "-c", script);
      firstQuery(port);
      return System.nanoTime() - start;
    } finally {
      docker("rm", "-f", name);
      run("rm", "-rf", dir.toString());
    }
  }

  private static void firstQuery(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try (Connection conn =
          DriverManager.getConnection(
              "jdbc:postgresql://127.0.0.1:" + port + "/postgres?sslmode=disable",
              "os_admin",
              "rawfloorpassword")) {
        conn.createStatement().execute("select 1");
        return;
      } catch (SQLException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(10);
      }
    }
  }

  private static void docker(String... args) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(List.of("docker", "-H", new DockerRuntimeConfig().host));
    command.addAll(List.of(args));
    run(command.toArray(String[]::new));
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
    }
  }
}
