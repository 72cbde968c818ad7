package org.opentrove.api.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.testing.DropwizardTestSupport;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.api.ApiConfig;
import org.opentrove.api.ApiServer;
import org.opentrove.store.Store;
import org.opentrove.store.TestDatabase;
import org.opentrove.temporal.EncryptingPayloadCodec;
import org.opentrove.temporal.TemporalClients;
import org.opentrove.temporal.TemporalConfig;

/**
 * The whole API as production installs it ({@link ApiServer#install}), served by Jetty on a free
 * loopback port, over a real migrated PostgreSQL, with a Temporal frontend that is not there yet
 * (its port is reserved; {@link #temporalTarget()} says where a test may start one). No worker and
 * no guest: what these tests check is what the API itself decides and commits.
 */
final class ApiTestBed implements AutoCloseable {
  static final String ADMIN_TOKEN = "admin-" + UUID.randomUUID();
  private static final ObjectMapper JSON = new ObjectMapper();

  final TestDatabase database = TestDatabase.createMigrated();
  final Jdbi jdbi = Store.jdbi(database.dataSource());
  final int temporalPort = freePort();
  final TemporalConfig temporal = temporalConfig(temporalPort);
  private final WorkflowServiceStubs stubs = TemporalClients.service(temporal);
  final WorkflowClient workflows = TemporalClients.client(stubs, temporal);
  private final DropwizardTestSupport<Configuration> app;
  private final HttpClient http = HttpClient.newHttpClient();

  /** Dropwizard needs an application class; this one installs the API with the bed's parts. */
  public static final class TestApi extends Application<Configuration> {
    static ApiTestBed bed;

    @Override
    public void run(Configuration configuration, Environment environment) {
      ApiConfig config = new ApiConfig();
      config.adminToken = ADMIN_TOKEN;
      config.reconcilePeriodSeconds = 3600; // tests start operations themselves
      ApiServer.install(
          environment,
          config,
          bed.jdbi,
          bed.workflows,
          (instance, method, args, timeout) -> {
            throw new IOException("no guest in API tests");
          },
          org.opentrove.api.core.ComputeDriver.LOCAL,
          Clock.systemUTC());
    }
  }

  ApiTestBed() throws Exception {
    Configuration configuration = new Configuration();
    DefaultServerFactory server = new DefaultServerFactory();
    server.setApplicationConnectors(List.of(loopback()));
    server.setAdminConnectors(List.of(loopback()));
    configuration.setServerFactory(server);
    TestApi.bed = this;
    app = new DropwizardTestSupport<>(TestApi.class, configuration);
    app.before();
  }

  private static HttpConnectorFactory loopback() {
    HttpConnectorFactory connector = new HttpConnectorFactory();
    connector.setBindHost("127.0.0.1");
    connector.setPort(0);
    return connector;
  }

  private static TemporalConfig temporalConfig(int port) {
    TemporalConfig config = new TemporalConfig();
    config.target = "127.0.0.1:" + port;
    config.payloadKey = EncryptingPayloadCodec.newBase64Key();
    return config;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  record Answer(int status, JsonNode body, HttpResponse<String> raw) {
    String operationId() {
      return raw.headers().firstValue("X-Trove-Operation-Id").orElse(null);
    }
  }

  Answer send(String method, String project, String path, String json, String... headers) {
    return sendWithToken(project, method, project, path, json, headers);
  }

  /** As {@link #send}, as an administrator. */
  Answer sendAsAdmin(String method, String project, String path, String json) {
    return sendWithToken(ADMIN_TOKEN, method, project, path, json);
  }

  private Answer sendWithToken(
      String token, String method, String project, String path, String json, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + app.getLocalPort() + "/v1.0/" + project + path))
            .timeout(Duration.ofSeconds(30))
            .header("X-Auth-Token", token)
            .header("Accept", "application/json");
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    if (json != null) {
      request.header("Content-Type", "application/json");
      request.method(method, HttpRequest.BodyPublishers.ofString(json));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode body = response.body().isEmpty() ? null : JSON.readTree(response.body());
      return new Answer(response.statusCode(), body, response);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Creates an instance (its workflow cannot start: it stays BUILD) and answers its id. */
  String create(String project, String name) {
    Answer created =
        send(
            "POST",
            project,
            "/instances",
            "{\"instance\": {\"name\": \""
                + name
                + "\", \"flavorRef\": \"1\","
                + " \"volume\": {\"size\": 1}}}");
    if (created.status() != 200) {
      throw new AssertionError("create: " + created.status() + " " + created.body());
    }
    return created.body().path("instance").path("id").asText();
  }

  /** What a finished create and a healthy heartbeat leave: task NONE, ACTIVE, HEALTHY now. */
  void makeActive(String id) {
    jdbi.useHandle(
        h -> {
          h.execute(
              "update instances set task_status = 'NONE', server_status = 'ACTIVE' where id = ?",
              UUID.fromString(id));
          h.execute(
              "update service_statuses set status = 'HEALTHY', updated_at = ?"
                  + " where instance_id = ?",
              Instant.now(),
              UUID.fromString(id));
          h.execute(
              "update operations set state = 'SUCCEEDED' where resource_id = ?",
              UUID.fromString(id));
        });
  }

  /** Every row the API could change, so a test can show a refused request changed nothing. */
  String snapshot() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "select (select count(*) from instances) || '/' || (select count(*) from"
                        + " operations) || '/' || (select count(*) from backups) || '/' ||"
                        + " coalesce((select string_agg(id::text || task_status || server_status,"
                        + " ',' order by id) from instances), '') || '/' || coalesce((select"
                        + " string_agg(id || state, ',' order by id) from operations), '')")
                .mapTo(String.class)
                .one());
  }

  String temporalTarget() {
    return temporal.target;
  }

  @Override
  public void close() {
    app.after();
    stubs.shutdownNow();
    database.close();
  }
}
