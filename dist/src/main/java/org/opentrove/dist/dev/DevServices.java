package org.opentrove.dist.dev;

import io.dropwizard.lifecycle.Managed;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.opentrove.activities.compute.LocalComputeActivities;
import org.opentrove.activities.volume.LocalVolumeActivities;
import org.opentrove.activities.volume.VolumeMountCheck;
import org.opentrove.dist.Infrastructure;
import org.opentrove.dist.TroveConfiguration;
import org.opentrove.dist.nova.BootShimConfig;
import org.opentrove.dist.nova.NovaBootShim;
import org.opentrove.dist.roles.GuestBus;
import org.opentrove.store.Migrations;
import org.opentrove.temporal.EncryptingPayloadCodec;
import org.opentrove.temporal.TemporalConfig;
import org.opentrove.temporal.dev.EmbeddedTemporalServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services dev mode embeds when config.yml names none: the control-plane PostgreSQL (zonky),
 * the AMQP broker (Qpid Broker-J) and Temporal (its Java test server). Dev state is ephemeral: on
 * stop, every guest started in this session is deleted (its volume unmounted) and the embedded
 * services go away.
 */
public final class DevServices implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(DevServices.class);

  private final TroveConfiguration config;
  private final DevWorkDir workDir;
  private final List<AutoCloseable> started = new ArrayList<>();
  private Process watchdog;

  private DevServices(TroveConfiguration config, DevWorkDir workDir) {
    this.config = config;
    this.workDir = workDir;
  }

  /** Starts what is missing and points the configuration at it. */
  public static DevServices start(TroveConfiguration config) throws IOException {
    DevWorkDir workDir =
        DevWorkDir.create(
            Path.of(System.getProperty("java.io.tmpdir")), ProcessHandle.current().pid());
    DevServices services = new DevServices(config, workDir);
    services.startWatchdog();
    services.startAll();
    return services;
  }

  public DevWorkDir workDir() {
    return workDir;
  }

  /** Started before anything else, so a kill -9 at any point leaves nothing running. */
  private void startWatchdog() throws IOException {
    Files.createFile(
        workDir.watchdogLog(),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    watchdog =
        new ProcessBuilder(
                DevWatchdog.command(
                    workDir.root(), workDir.servers(), workDir.controlPlanePgData()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.watchdogLog().toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
  }

  private void startAll() throws IOException {
    config.compute.local.dataRoot = workDir.servers().toString();
    config.compute.local.guestClassArchiveDir = workDir.guestClasses().toString();
    // Refuse before anything is started when instances could get no volume here.
    VolumeMountCheck.verify(config.compute.local);
    if (Infrastructure.isEmbedded(config.database.getUrl())) {
      int port = FreePorts.preferring(0);
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setPort(port)
              .setOverrideWorkingDirectory(workDir.postgresBinaries().toFile())
              .setDataDirectory(workDir.controlPlanePgData())
              .setCleanDataDirectory(true)
              .setServerConfig("listen_addresses", "127.0.0.1")
              .start();
      started.add(pg);
      Migrations.migrate(pg.getPostgresDatabase());
      String password = randomPassword();
      ControlPlaneAuth.requirePassword(pg, workDir.controlPlanePgData(), password);
      config.database.setUrl("jdbc:postgresql://127.0.0.1:" + port + "/postgres");
      config.database.setUser("postgres");
      config.database.setPassword(password);
      config.database.setDriverClass("org.postgresql.Driver");
      LOG.info("embedded control-plane PostgreSQL on 127.0.0.1:{} (password authentication)", port);
    }
    if (config.amqp.isEmbedded()) {
      int port = FreePorts.preferring(0);
      EmbeddedBroker broker = EmbeddedBroker.start(port, randomPassword(), workDir.broker());
      started.add(broker);
      config.amqp.uri = broker.uri();
      config.embeddedBrokerIdentities = broker.identities();
      LOG.info("embedded AMQP 0-9-1 broker on 127.0.0.1:{}", port);
    }
    if (TemporalConfig.EMBEDDED.equals(config.temporal.payloadKey)) {
      config.temporal.payloadKey = EncryptingPayloadCodec.newBase64Key();
    }
    if (config.temporal.isEmbedded()) {
      int port = FreePorts.preferring(config.temporal.embeddedPort);
      EmbeddedTemporalServer temporal = EmbeddedTemporalServer.start(port);
      started.add(temporal);
      config.temporal.target = "127.0.0.1:" + port;
      config.temporal.stickyExecution = false;
      LOG.info("embedded Temporal test server on 127.0.0.1:{}", port);
    }
    // A loopback cloud's fake virt driver boots nothing: the shim plays its hypervisor.
    if ("nova".equals(config.compute.driver)
        && "true".equals(System.getenv("TROVE_NOVA_BOOT_SHIM"))) {
      started.add(
          new NovaBootShim(
                  BootShimConfig.fromEnvironment(
                      System.getenv(), workDir.root().resolve("nova-shim")))
              .start());
    }
  }

  @Override
  public void start() {}

  /** Deletes this session's guests, then stops the embedded services, newest first. */
  @Override
  public void stop() {
    if (watchdog != null) {
      watchdog.destroy(); // a clean stop does the watchdog's work itself
    }
    deleteGuests();
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        LOG.warn("stopping {}: {}", started.get(i).getClass().getSimpleName(), e.toString());
      }
    }
    DevWatchdog.deleteTree(workDir.root());
  }

  private void deleteGuests() {
    Path servers = Path.of(config.compute.local.dataRoot);
    if (!Files.isDirectory(servers)) {
      return;
    }
    LocalComputeActivities compute =
        new LocalComputeActivities(config.compute.local, config.amqp, GuestBus.credentials(config));
    LocalVolumeActivities volumes = new LocalVolumeActivities(config.compute.local);
    try (Stream<Path> dirs = Files.list(servers)) {
      dirs.filter(Files::isDirectory)
          .map(dir -> dir.getFileName().toString())
          .filter(name -> name.matches("[0-9a-f-]{36}"))
          .forEach(
              id -> {
                LOG.info("stopping guest {}", id);
                try {
                  compute.deleteServer(id);
                  volumes.deleteVolume(id);
                } catch (RuntimeException e) {
                  // The next guests still go; what is left is named so it can be removed.
                  LOG.warn(
                      "cannot remove guest {} (check mount | grep {}): {}", id, id, e.toString());
                }
              });
    } catch (IOException e) {
      LOG.warn("cannot list dev guests: {}", e.toString());
    }
  }

  static String randomPassword() {
    String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    SecureRandom random = new SecureRandom();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 24; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }
}
