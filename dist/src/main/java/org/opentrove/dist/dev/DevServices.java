package org.opentrove.dist.dev;

import io.dropwizard.lifecycle.Managed;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.opentrove.activities.compute.LocalComputeActivities;
import org.opentrove.activities.volume.LocalVolumeActivities;
import org.opentrove.dist.Infrastructure;
import org.opentrove.dist.TroveConfiguration;
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
 * stop, every guest started in this session is deleted and the embedded services go away.
 */
public final class DevServices implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(DevServices.class);

  private final TroveConfiguration config;
  private final Path workDir;
  private final List<AutoCloseable> started = new ArrayList<>();

  private DevServices(TroveConfiguration config, Path workDir) {
    this.config = config;
    this.workDir = workDir;
  }

  /** Starts what is missing and points the configuration at it. */
  public static DevServices start(TroveConfiguration config) throws IOException {
    Path workDir =
        Path.of(
            System.getProperty("java.io.tmpdir"), "opentrove-dev-" + ProcessHandle.current().pid());
    DevServices services = new DevServices(config, workDir);
    services.startAll();
    return services;
  }

  private void startAll() throws IOException {
    Files.createDirectories(workDir);
    config.compute.local.dataRoot = workDir.resolve("servers").toString();
    if (Infrastructure.isEmbedded(config.database.getUrl())) {
      int port = FreePorts.preferring(0);
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder()
              .setPort(port)
              .setDataDirectory(workDir.resolve("control-plane-pg"))
              .setCleanDataDirectory(true)
              .setServerConfig("listen_addresses", "127.0.0.1")
              .start();
      started.add(pg);
      config.database.setUrl("jdbc:postgresql://127.0.0.1:" + port + "/postgres");
      config.database.setUser("postgres");
      config.database.setPassword("");
      config.database.setDriverClass("org.postgresql.Driver");
      Migrations.migrate(pg.getPostgresDatabase());
      LOG.info("embedded control-plane PostgreSQL on 127.0.0.1:{}", port);
    }
    if (config.amqp.isEmbedded()) {
      int port = FreePorts.preferring(0);
      EmbeddedBroker broker =
          EmbeddedBroker.start(port, randomPassword(), workDir.resolve("broker"));
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
  }

  @Override
  public void start() {}

  /** Deletes this session's guests, then stops the embedded services, newest first. */
  @Override
  public void stop() {
    deleteGuests();
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        LOG.warn("stopping {}: {}", started.get(i).getClass().getSimpleName(), e.toString());
      }
    }
    try (Stream<Path> files = Files.walk(workDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      LOG.warn("cannot remove {}: {}", workDir, e.toString());
    }
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
                compute.deleteServer(id);
                volumes.deleteVolume(id);
              });
    } catch (IOException e) {
      LOG.warn("cannot list dev guests: {}", e.toString());
    }
  }

  private static String randomPassword() {
    String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    SecureRandom random = new SecureRandom();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 24; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }
}
