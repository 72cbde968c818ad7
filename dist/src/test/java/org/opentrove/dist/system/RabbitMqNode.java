package org.opentrove.dist.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.opentrove.dist.dev.FreePorts;

/**
 * A RabbitMQ node of the test's own, from the machine's rabbitmq-server package, on free ports of
 * 127.0.0.1 with its own data directory, so a test can kill and restart the broker without
 * disturbing the machine's RabbitMQ. Durable queues and persistent messages survive a restart.
 */
final class RabbitMqNode implements AutoCloseable {
  private static final Path SERVER = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");

  private final Path dir;
  private final String nodeName = "trove-test-" + UUID.randomUUID().toString().substring(0, 8);
  private final int port;
  private final int distPort;
  private final int managementPort;
  private Process process;

  private RabbitMqNode(Path dir, int port, int distPort, int managementPort) {
    this.dir = dir;
    this.port = port;
    this.distPort = distPort;
    this.managementPort = managementPort;
  }

  static RabbitMqNode start() throws IOException, InterruptedException {
    if (!Files.isExecutable(SERVER)) {
      throw new IllegalStateException(
          SERVER + " not found: install Debian's rabbitmq-server (scripts/test does)");
    }
    Path dir = Files.createTempDirectory("trove-rabbitmq-");
    // The management API: workers give each guest its own broker user through it.
    Files.writeString(dir.resolve("enabled_plugins"), "[rabbitmq_management].\n");
    int port = FreePorts.preferring(0);
    int distPort = FreePorts.preferring(0);
    int managementPort = FreePorts.preferring(0);
    Files.writeString(
        dir.resolve("rabbitmq.conf"),
        "listeners.tcp.default = 127.0.0.1:"
            + port
            + "\nloopback_users = none\nmanagement.tcp.ip = 127.0.0.1\nmanagement.tcp.port = "
            + managementPort
            + "\n");
    RabbitMqNode node = new RabbitMqNode(dir, port, distPort, managementPort);
    node.boot();
    return node;
  }

  String uri() {
    return "amqp://guest:guest@127.0.0.1:" + port;
  }

  String managementUri() {
    return "http://127.0.0.1:" + managementPort;
  }

  /** kill -9 of the broker: no chance to flush or to close connections politely. */
  void kill() throws InterruptedException {
    process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Starts the node again on the same port and data directory. */
  void boot() throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder("setsid", SERVER.toString())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("out.log").toFile()));
    Map<String, String> env = builder.environment();
    env.put("HOME", dir.toString());
    env.put("RABBITMQ_NODENAME", nodeName + "@localhost");
    env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
    env.put("RABBITMQ_NODE_PORT", Integer.toString(port));
    env.put("RABBITMQ_DIST_PORT", Integer.toString(distPort));
    env.put("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString());
    env.put("RABBITMQ_LOG_BASE", dir.resolve("log").toString());
    env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString());
    env.put("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq").toString());
    process = builder.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("rabbitmq-server exited; see " + dir.resolve("out.log"));
      }
      if (accepts()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("rabbitmq-server did not listen within 60 s");
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        kill();
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
