package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.opentrove.activities.compute.VmProcesses;

/**
 * {@code trove dev} on a machine where no PostgreSQL or RabbitMQ is reachable: the packaged jar
 * runs in a fresh network namespace (only its own loopback), and the real CLI, entering the same
 * namespace, creates an instance that reaches ACTIVE. Ctrl-C (SIGINT) then stops every guest.
 */
class DevModeIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path ROOT = Path.of(System.getProperty("trove.root", "..")).toAbsolutePath();

  @Test
  void devModeStartsWithoutAnyServiceAndACreateReachesActive() throws Exception {
    Path jar = ROOT.resolve("dist/target/opentrove.jar");
    assertThat(jar).exists();
    // Dev mode runs in its own network namespace (so it can prove it needs no service of the
    // machine's); a container's port published on the machine's 127.0.0.1 is out of its reach
    // there, so this test pins the process runtime (the docker runtime has its own tier).
    ProcessBuilder devProcess =
        new ProcessBuilder(
                "unshare",
                "--net",
                "--",
                "bash",
                "-c",
                "ip link set lo up && exec java -jar " + jar + " dev " + ROOT.resolve("config.yml"))
            .redirectErrorStream(true);
    devProcess.environment().put("TROVE_RUNTIME", "process");
    Process dev = devProcess.start();
    List<String> output = new ArrayList<>();
    try {
      awaitBanner(dev, output);
      assertThat(run(dev, "bash", "-c", "(exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null").exitCode)
          .as("no PostgreSQL reachable on 5432")
          .isNotZero();
      assertThat(run(dev, "bash", "-c", "(exec 3<>/dev/tcp/127.0.0.1/5672) 2>/dev/null").exitCode)
          .as("no RabbitMQ reachable on 5672")
          .isNotZero();

      JsonNode created =
          JSON.readTree(
              cli(
                  dev,
                  "database",
                  "instance",
                  "create",
                  "devdb",
                  "--flavor",
                  "1",
                  "--size",
                  "1",
                  "--datastore",
                  "postgresql",
                  "--datastore-version",
                  "15",
                  "-f",
                  "json"));
      String id = created.get("id").asText();
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      String status = "";
      JsonNode shown = null;
      while (!status.equals("ACTIVE") && System.nanoTime() < deadline) {
        Thread.sleep(500);
        shown = JSON.readTree(cli(dev, "database", "instance", "show", id, "-f", "json"));
        status = shown.get("status").asText();
      }
      assertThat(status).as(String.valueOf(shown)).isEqualTo("ACTIVE");
      Path workDir = Path.of("/tmp", "opentrove-dev-" + dev.pid());
      assertThat(VmProcesses.referencing(workDir)).isNotEmpty();

      new ProcessBuilder("kill", "-INT", Long.toString(dev.pid())).start().waitFor();
      assertThat(dev.waitFor(90, TimeUnit.SECONDS)).as("dev stops on Ctrl-C").isTrue();
      assertThat(VmProcesses.referencing(workDir)).as("no guest survives dev").isEmpty();
      assertThat(Files.exists(workDir)).isFalse();
    } finally {
      if (dev.isAlive()) {
        dev.destroyForcibly();
      }
    }
  }

  private static void awaitBanner(Process dev, List<String> output) throws Exception {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(dev.getInputStream(), StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    String line;
    while ((line = reader.readLine()) != null) {
      output.add(line);
      if (line.contains("OpenTrove dev is up")) {
        Thread drain =
            new Thread(
                () -> {
                  try {
                    while (reader.readLine() != null) {
                      // keep the pipe flowing
                    }
                  } catch (java.io.IOException ignored) {
                    // dev exited
                  }
                });
        drain.setDaemon(true);
        drain.start();
        return;
      }
      if (System.nanoTime() > deadline) {
        break;
      }
    }
    throw new AssertionError("dev did not come up:\n" + String.join("\n", output));
  }

  private static String cli(Process dev, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                "openstack",
                "--os-auth-type",
                "admin_token",
                "--os-endpoint",
                "http://127.0.0.1:8779/v1.0/demo",
                "--os-token",
                "demo"));
    command.addAll(List.of(args));
    Result result = run(dev, command.toArray(String[]::new));
    assertThat(result.exitCode).as(String.join(" ", args) + ": " + result.out).isZero();
    return result.out;
  }

  private record Result(int exitCode, String out) {}

  /** Runs a command inside dev's network namespace. */
  private static Result run(Process dev, String... command) throws Exception {
    List<String> full =
        new ArrayList<>(List.of("nsenter", "--target", Long.toString(dev.pid()), "--net", "--"));
    full.addAll(List.of(command));
    Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(60, TimeUnit.SECONDS);
    return new Result(process.exitValue(), out);
  }
}
