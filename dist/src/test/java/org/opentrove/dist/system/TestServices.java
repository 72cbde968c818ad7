package org.opentrove.dist.system;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.opentrove.contract.Amqp;
import org.opentrove.contract.Topology;
import org.opentrove.dist.dev.FreePorts;
import org.opentrove.objects.ObjectStoreConfig;
import org.opentrove.store.TestDatabase;
import org.opentrove.temporal.EncryptingPayloadCodec;
import org.opentrove.temporal.TroveSearchAttributes;
import org.opentrove.temporal.dev.EmbeddedTemporalServer;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The real services a system test runs against: a fresh database on the machine's PostgreSQL, the
 * machine's RabbitMQ (names unique to this run), a Temporal test server on a free port, and a data
 * root for local servers. Closing removes all of it.
 */
final class TestServices implements AutoCloseable {
  static final String AMQP_URI =
      System.getenv().getOrDefault("TROVE_TEST_AMQP_URI", "amqp://guest:guest@127.0.0.1:5672");

  static final String AMQP_MANAGEMENT_URI =
      System.getenv().getOrDefault("TROVE_TEST_AMQP_MANAGEMENT_URI", "http://127.0.0.1:15672");

  /** The administrator's token in every system under test. */
  static final String ADMIN_TOKEN = "admin-" + UUID.randomUUID();

  final TestDatabase database;
  EmbeddedTemporalServer temporal;
  final String exchange = "trove-test-" + UUID.randomUUID();
  final String conductorQueue = "trove-conductor-test-" + UUID.randomUUID();
  final Path workDir;

  /**
   * The datastore runtime the system's guests use: {@code -Dtrove.runtime=docker} runs the
   * end-to-end tier in containers on the project's docker daemon.
   */
  static String runtime() {
    return System.getProperty("trove.runtime", "process");
  }

  final Path dataRoot;
  final String amqpUri;
  final String amqpManagementUri;
  final Connection amqp;
  final String payloadKey = EncryptingPayloadCodec.newBase64Key();

  /** When set, the system runs on this control-plane database instead of {@link #database}. */
  String databaseUrlOverride;

  /**
   * How long every activity waits after its work before it reports (see {@code
   * temporal.activityReportDelayMillis}): holds operations inside each step for chaos tests.
   */
  long activityReportDelayMillis = 0;

  /** When set, the API validates tokens at this Keystone ({@code api.authMode: keystone}). */
  org.opentrove.api.auth.KeystoneConfig keystone;

  /** When set, the worker runs the nova compute driver with these settings. */
  org.opentrove.activities.compute.nova.NovaComputeConfig nova;

  int portRangeStart = 17432;
  int portRangeEnd = 18431;

  TestServices() throws Exception {
    this(AMQP_URI, AMQP_MANAGEMENT_URI);
  }

  /** On the broker at {@code amqpUri} (management API at the other URI), not the machine's. */
  TestServices(String amqpUri, String amqpManagementUri) throws Exception {
    this.amqpUri = amqpUri;
    this.amqpManagementUri = amqpManagementUri;
    database = TestDatabase.createMigrated();
    temporal = EmbeddedTemporalServer.start(FreePorts.preferring(0));
    workDir = Files.createTempDirectory("trove-system-");
    // Datastores run as their own OS users, which must reach their data directories through it,
    // and must not list it or read what the control plane keeps in it.
    Files.setPosixFilePermissions(workDir, PosixFilePermissions.fromString("rwx--x--x"));
    dataRoot = workDir.resolve("servers");
    backups.path = backupRoot().toString();
    amqp = Amqp.connect(amqpUri, "system-test");
  }

  /** Whether the broker knows this user (RabbitMQ management API). */
  boolean brokerUserExists(String user) throws Exception {
    java.net.URI amqp = java.net.URI.create(amqpUri);
    String auth =
        java.util.Base64.getEncoder()
            .encodeToString(amqp.getUserInfo().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    java.net.http.HttpResponse<Void> response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(amqpManagementUri + "/api/users/" + user))
                    .header("Authorization", "Basic " + auth)
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
    return response.statusCode() == 200;
  }

  /** Stops Temporal (its in-memory history is lost), as an outage of the cluster would look. */
  void stopTemporal() {
    stoppedTemporalPort = temporal.port();
    temporal.close();
  }

  private int stoppedTemporalPort;

  /** A new, empty Temporal on the same port, with the project's search attributes. */
  void startTemporalAgain() {
    temporal = EmbeddedTemporalServer.start(stoppedTemporalPort);
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + temporal.port())
                .build());
    try {
      TroveSearchAttributes.register(stubs, "default");
    } finally {
      stubs.shutdown();
    }
  }

  /** Where backups go: a directory under the work dir unless a test points them elsewhere. */
  ObjectStoreConfig backups = new ObjectStoreConfig();

  /** The directory object store the system's backups go to. */
  Path backupRoot() {
    return workDir.resolve("backups");
  }

  String databaseUrl() {
    return databaseUrlOverride != null ? databaseUrlOverride : database.jdbcUrl();
  }

  /** The database the system under test keeps its state in. */
  DataSource controlPlaneDataSource() {
    if (databaseUrlOverride == null) {
      return database.dataSource();
    }
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(databaseUrlOverride);
    dataSource.setUser("postgres");
    return dataSource;
  }

  boolean queueExists(String name) throws IOException {
    Channel channel = amqp.createChannel();
    try {
      channel.queueDeclarePassive(name);
      return true;
    } catch (IOException e) {
      return false;
    } finally {
      if (channel.isOpen()) {
        try {
          channel.close();
        } catch (Exception ignored) {
          // closing a probe channel
        }
      }
    }
  }

  /** Messages ready in a queue (not delivered to a consumer yet). */
  int readyMessages(String queue) throws IOException, TimeoutException {
    try (Channel channel = amqp.createChannel()) {
      return channel.queueDeclarePassive(queue).getMessageCount();
    }
  }

  @Override
  public void close() throws Exception {
    try (Channel channel = amqp.createChannel()) {
      channel.queueDelete(conductorQueue);
      channel.queueDelete(new Topology(exchange, conductorQueue).conductorDeadLetterQueue());
      channel.exchangeDelete(exchange);
    } finally {
      amqp.close();
      temporal.close();
      database.close();
      if (Boolean.getBoolean("trove.keepWorkDir")) {
        System.out.println("kept the system's work directory: " + workDir);
      } else {
        try (Stream<Path> files = Files.walk(workDir)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }
}
