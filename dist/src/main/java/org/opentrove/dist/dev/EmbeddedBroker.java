package org.opentrove.dist.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.apache.qpid.server.SystemLauncher;

/**
 * Apache Qpid Broker-J, embedded: an AMQP 0-9-1 broker in memory on 127.0.0.1, the development
 * stand-in for RabbitMQ. Messages do not survive a restart of dev mode. Its configuration holds the
 * password: a 0600 file in a 0700 directory.
 */
public final class EmbeddedBroker implements AutoCloseable {
  private final SystemLauncher launcher;
  private final String uri;

  private EmbeddedBroker(SystemLauncher launcher, String uri) {
    this.launcher = launcher;
    this.uri = uri;
  }

  public static EmbeddedBroker start(int port, String password, Path workDir) {
    try {
      Files.createDirectories(
          workDir,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Path config = workDir.resolve("broker-config.json");
      DevWorkDir.writeSecret(config, configuration(port, password));
      Map<String, Object> attributes = new HashMap<>();
      attributes.put("type", "Memory");
      attributes.put("initialConfigurationLocation", config.toUri().toString());
      attributes.put("startupLoggedToSystemOut", false);
      attributes.put("context", Map.of("qpid.work_dir", workDir.toString()));
      SystemLauncher launcher = new SystemLauncher();
      launcher.startup(attributes);
      return new EmbeddedBroker(launcher, "amqp://trove:" + password + "@127.0.0.1:" + port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the embedded AMQP broker", e);
    }
  }

  /** The URI guests and processes connect with; it holds the password, so it is never logged. */
  public String uri() {
    return uri;
  }

  @Override
  public void close() {
    launcher.shutdown();
  }

  private static String configuration(int port, String password) {
    // The password is generated alphanumeric, so it needs no JSON escaping.
    String users = "[{\"name\":\"trove\",\"password\":\"" + password + "\",\"type\":\"managed\"}]";
    return "{\n"
        + "  \"name\": \"opentrove-dev\",\n"
        + "  \"modelVersion\": \"9.0\",\n"
        + "  \"authenticationproviders\": [{\"name\": \"plain\", \"type\": \"Plain\","
        + " \"secureOnlyMechanisms\": [], \"users\": "
        + users
        + "}],\n"
        + "  \"ports\": [{\"name\": \"AMQP\", \"port\": "
        + port
        + ", \"bindingAddress\": \"127.0.0.1\", \"protocols\": [\"AMQP_0_9_1\"],"
        + " \"authenticationProvider\": \"plain\","
        + " \"virtualhostaliases\": [{\"name\": \"defaultAlias\", \"type\": \"defaultAlias\"}]}],\n"
        + "  \"virtualhostnodes\": [{\"name\": \"default\", \"type\": \"Memory\","
        + " \"defaultVirtualHostNode\": \"true\","
        + " \"virtualHostInitialConfiguration\": \"{\\\"type\\\": \\\"Memory\\\"}\"}]\n"
        + "}\n";
  }
}
