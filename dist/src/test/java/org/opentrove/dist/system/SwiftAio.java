package org.opentrove.dist.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.opentrove.objects.ObjectStoreConfig;

/** A real Swift with Keystone on loopback, started and stopped by the project's own script. */
final class SwiftAio implements AutoCloseable {
  private final Path workdir;
  private final Map<String, String> env;

  private SwiftAio(Path workdir, Map<String, String> env) {
    this.workdir = workdir;
    this.env = env;
  }

  static SwiftAio up() throws Exception {
    Path workdir = Files.createTempDirectory("trove-swift-");
    String output = run("up", workdir);
    Map<String, String> env = new HashMap<>();
    for (String line : Files.readAllLines(workdir.resolve("swift.env"), StandardCharsets.UTF_8)) {
      int eq = line.indexOf('=');
      if (eq > 0 && !line.startsWith("#")) {
        env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    System.out.println("swift-aio up: " + output.strip());
    return new SwiftAio(workdir, env);
  }

  /** Backups into this Swift through Keystone v3, as the demo project's user. */
  ObjectStoreConfig keystoneStore(String container) {
    ObjectStoreConfig config = new ObjectStoreConfig();
    config.type = "swift";
    config.authVersion = 3;
    config.authUrl = env.get("SWIFT_KEYSTONE_URL");
    config.user = env.get("SWIFT_KEYSTONE_USER");
    config.key = env.get("SWIFT_KEYSTONE_PASSWORD");
    config.project = env.get("SWIFT_KEYSTONE_PROJECT");
    config.domain = env.get("SWIFT_KEYSTONE_DOMAIN");
    config.region = env.get("SWIFT_KEYSTONE_REGION");
    config.container = container;
    return config;
  }

  @Override
  public void close() throws Exception {
    run("down", workdir);
  }

  private static String run(String command, Path workdir) throws Exception {
    Path script = Path.of("..", "scripts", "swift-aio");
    if (!Files.isExecutable(script)) {
      script = Path.of("scripts", "swift-aio");
    }
    Path log = Files.createTempFile("swift-aio-" + command, ".log");
    Process process =
        new ProcessBuilder(script.toString(), command, workdir.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IOException("scripts/swift-aio " + command + " hung");
    }
    String output = Files.readString(log);
    Files.deleteIfExists(log);
    if (process.exitValue() != 0) {
      throw new IOException(
          "scripts/swift-aio " + command + " failed (" + process.exitValue() + "):\n" + output);
    }
    return output;
  }
}
