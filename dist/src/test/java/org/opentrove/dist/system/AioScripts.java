package org.opentrove.dist.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the project's loopback all-in-one scripts (scripts/swift-aio, scripts/openstack-aio). */
final class AioScripts {
  private AioScripts() {}

  static String run(String script, String command, Path workdir) throws Exception {
    Path path = Path.of("..", "scripts", script);
    if (!Files.isExecutable(path)) {
      path = Path.of("scripts", script);
    }
    Path log = Files.createTempFile(script + "-" + command, ".log");
    Process process =
        new ProcessBuilder(path.toString(), command, workdir.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!process.waitFor(15, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IOException("scripts/" + script + " " + command + " hung");
    }
    String output = Files.readString(log);
    Files.deleteIfExists(log);
    if (process.exitValue() != 0) {
      throw new IOException(
          "scripts/"
              + script
              + " "
              + command
              + " failed ("
              + process.exitValue()
              + "):\n"
              + output);
    }
    return output;
  }

  /** Stops what 'up' started and removes its work directory (MariaDB's files alone are 150 MB). */
  static void down(String script, Path workdir) throws Exception {
    run(script, "down", workdir);
    new ProcessBuilder("rm", "-rf", "--one-file-system", workdir.toString()).start().waitFor();
  }

  /** The KEY=value lines 'up' wrote. */
  static Map<String, String> readEnv(Path file) throws IOException {
    Map<String, String> env = new HashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int eq = line.indexOf('=');
      if (eq > 0 && !line.startsWith("#")) {
        env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return env;
  }
}
