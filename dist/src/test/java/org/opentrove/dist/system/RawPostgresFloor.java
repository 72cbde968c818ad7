package org.opentrove.dist.system;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The raw floor of a create: what a human with the same binaries does by hand — initdb with the
 * guest's flags, start, first query — timed end to end. No control plane, no guest agent.
 */
final class RawPostgresFloor {
  static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

  private RawPostgresFloor() {}

  /** A datastore the floor started; closing stops it and removes its directory. */
  record Started(Path dir, Path pgdata, int port, long nanos) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      asPostgres(
          BIN.resolve("pg_ctl").toString(), "-D", pgdata.toString(), "-m", "immediate", "stop");
      run("rm", "-rf", dir.toString());
    }
  }

  static long measureNanos(Path workDir) throws Exception {
    try (Started started = start(workDir)) {
      return started.nanos();
    }
  }

  /** initdb, start and first query, timed; the datastore keeps running until closed. */
  static Started start(Path workDir) throws Exception {
    Path dir = Files.createTempDirectory(workDir, "raw-");
    Path pgdata = dir.resolve("pgdata");
    Path pwfile = dir.resolve("pw");
    Files.writeString(pwfile, "rawfloorpassword\n");
    run("chown", "-R", "postgres:", dir.toString());
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    long start = System.nanoTime();
    asPostgres(
        BIN.resolve("initdb").toString(),
        "-D",
        pgdata.toString(),
        "--username=os_admin",
        "--pwfile=" + pwfile,
        "--auth-host=scram-sha-256",
        "--auth-local=scram-sha-256",
        "--encoding=UTF8",
        "--locale=C.UTF-8");
    Files.writeString(
        pgdata.resolve("postgresql.conf"),
        "\nlisten_addresses = '127.0.0.1'\nport = " + port + "\nunix_socket_directories = ''\n",
        java.nio.file.StandardOpenOption.APPEND);
    asPostgres(
        BIN.resolve("pg_ctl").toString(),
        "-D",
        pgdata.toString(),
        "-l",
        dir.resolve("log").toString(),
        "-w",
        "-t",
        "60",
        "start");
    try (Connection c =
        DriverManager.getConnection(
            "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "os_admin", "rawfloorpassword")) {
      c.createStatement().execute("select 1");
    }
    return new Started(dir, pgdata, port, System.nanoTime() - start);
  }

  /**
   * Gives the raw datastore the settings the guest gives its own (WAL archiving, WAL sizes for a 1
   * GB volume, connections, password hashing), so a restart of each does the same work; restarts it
   * once, untimed.
   */
  static void takeGuestSettings(Started started) throws Exception {
    Path archive = started.dir().resolve("archive");
    Files.createDirectories(archive);
    run("chown", "postgres:", archive.toString());
    Files.writeString(
        started.pgdata().resolve("postgresql.conf"),
        "\narchive_mode = on\narchive_command = 'cp %p "
            + archive
            + "/%f'\nmax_wal_size = '64MB'\nmin_wal_size = '32MB'\nwal_keep_size = '64MB'\n"
            + "max_connections = 100\npassword_encryption = 'scram-sha-256'\n",
        java.nio.file.StandardOpenOption.APPEND);
    restartWithSharedBuffersNanos(started, 128);
  }

  /**
   * A flavor resize by hand: stop (fast), give it {@code sharedBuffersMb}, start, first query;
   * timed end to end.
   */
  static long restartWithSharedBuffersNanos(Started started, int sharedBuffersMb) throws Exception {
    long start = System.nanoTime();
    String pgCtl = BIN.resolve("pg_ctl").toString();
    asPostgres(pgCtl, "-D", started.pgdata().toString(), "-m", "fast", "-w", "stop");
    Files.writeString(
        started.pgdata().resolve("postgresql.auto.conf"),
        "shared_buffers = '" + sharedBuffersMb + "MB'\n");
    asPostgres(
        pgCtl,
        "-D",
        started.pgdata().toString(),
        "-l",
        started.dir().resolve("log").toString(),
        "-w",
        "-t",
        "60",
        "start");
    try (Connection c =
        DriverManager.getConnection(
            "jdbc:postgresql://127.0.0.1:" + started.port() + "/postgres",
            "os_admin",
            "rawfloorpassword")) {
      c.createStatement().execute("select 1");
    }
    return System.nanoTime() - start;
  }

  static void asPostgres(String... command) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    full.addAll(List.of(command));
    run(full.toArray(String[]::new));
  }

  static void run(String... command) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed");
    }
  }
}
