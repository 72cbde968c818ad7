package org.opentrove.dist.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener;
import org.apache.qpid.server.model.Broker;
import org.apache.qpid.server.model.SystemConfig;
import org.opentrove.contract.bus.BrokerIdentities;

/**
 * Apache Qpid Broker-J, embedded: an AMQP 0-9-1 broker in memory on 127.0.0.1, the development
 * stand-in for RabbitMQ. Messages do not survive a restart of dev mode. As on RabbitMQ, each guest
 * gets its own user ({@link #identities()}: rule-based access control, everything for the control
 * plane's user {@code trove}, only its own rights for a guest, nothing for anyone else) and the
 * broker checks the {@code user-id} of every message against its publisher ({@code
 * qpid.broker_msg_auth}). Its configuration holds the password: a 0600 file in a 0700 directory.
 */
public final class EmbeddedBroker implements AutoCloseable {
  static final String CONTROL_PLANE_USER = "trove";

  private final SystemLauncher launcher;
  private final String uri;
  private final EmbeddedBrokerIdentities identities;

  private EmbeddedBroker(SystemLauncher launcher, String uri, Broker<?> broker) {
    this.launcher = launcher;
    this.uri = uri;
    this.identities = new EmbeddedBrokerIdentities(broker, launcher.getSystemPrincipal());
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
      AtomicReference<SystemConfig<?>> system = new AtomicReference<>();
      SystemLauncher launcher =
          new SystemLauncher(
              new SystemLauncherListener.DefaultSystemLauncherListener() {
                @Override
                public void onContainerResolve(SystemConfig<?> config) {
                  system.set(config);
                }
              });
      launcher.startup(attributes);
      return new EmbeddedBroker(
          launcher,
          "amqp://" + CONTROL_PLANE_USER + ":" + password + "@127.0.0.1:" + port,
          system.get().getContainer(Broker.class));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the embedded AMQP broker", e);
    }
  }

  /** Creates and removes guests' own users and their rights. */
  public BrokerIdentities identities() {
    return identities;
  }

  /** The URI the control plane connects with; it holds the password, so it is never logged. */
  public String uri() {
    return uri;
  }

  @Override
  public void close() {
    launcher.shutdown();
  }

  private static String configuration(int port, String password) {
    // The password is generated alphanumeric, so it needs no JSON escaping.
    String users =
        "[{\"name\":\""
            + CONTROL_PLANE_USER
            + "\",\"password\":\""
            + password
            + "\",\"type\":\"managed\"}]";
    return "{\n"
        + "  \"name\": \"opentrove-dev\",\n"
        + "  \"modelVersion\": \"9.0\",\n"
        + "  \"context\": {\"qpid.broker_msg_auth\": \"true\"},\n"
        + "  \"accesscontrolproviders\": [{\"name\": \""
        + EmbeddedBrokerIdentities.PROVIDER
        + "\", \"type\": \"RuleBased\", \"priority\": 1, \"defaultResult\": \"DENIED\","
        + " \"rules\": "
        + EmbeddedBrokerIdentities.rulesJson(java.util.List.of())
        + "}],\n"
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
