package org.opentrove.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jetty.HttpConnectorFactory;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.temporal.client.WorkflowClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentrove.store.Store;
import org.opentrove.store.TestDatabase;

/**
 * What the HTTP server answers before (or instead of) a resource, over a raw socket: Trove's JSON
 * fault bodies, never Jetty's HTML pages.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class JettyErrorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TestDatabase DATABASE = TestDatabase.createMigrated();

  /** The API as the distribution installs it, on a real schema, with no Temporal or guests. */
  public static class ApiOnly extends Application<Configuration> {
    @Override
    public void run(Configuration configuration, Environment environment) {
      ApiServer.install(
          environment,
          new ApiConfig(),
          Store.jdbi(DATABASE.dataSource()),
          mock(WorkflowClient.class),
          (instance, method, args, timeout) -> {
            throw new IOException("no guests here");
          },
          org.opentrove.api.core.ComputeDriver.LOCAL,
          Clock.systemUTC());
    }
  }

  private static final DropwizardAppExtension<Configuration> APP =
      new DropwizardAppExtension<>(ApiOnly.class, localOnly());

  @AfterAll
  static void dropDatabase() {
    DATABASE.close();
  }

  static Stream<Arguments> rejections() {
    return Stream.of(
        Arguments.of(
            "URI too long",
            "GET /v1.0/p1/flavors/" + "x".repeat(9000) + " HTTP/1.1",
            414,
            "requestURITooLong"),
        Arguments.of(
            "headers too large",
            "GET /v1.0/p1/flavors HTTP/1.1\r\nX-Big: " + "y".repeat(10000),
            431,
            "requestHeaderFieldsTooLarge"),
        Arguments.of("bad percent escape", "GET /v1.0/p1/flavors/%zz HTTP/1.1", 400, "badRequest"),
        Arguments.of(
            "control character in the request line",
            "GET /v1.0/p1/fla\u0001vors HTTP/1.1",
            400,
            "badRequest"),
        Arguments.of(
            "line feed in the request line (HTTP/0.9 to Jetty)",
            "GET /v1.0/p1/fla\nvors HTTP/1.1",
            400,
            "badRequest"),
        Arguments.of("unknown HTTP version", "GET /v1.0/p1/flavors HTTP/7.3", 400, "badRequest"),
        Arguments.of("garbage request line", "HELLO", 400, "badRequest"),
        Arguments.of(
            "bad content length",
            "POST /v1.0/p1/instances HTTP/1.1\r\nContent-Length: abc",
            400,
            "badRequest"),
        Arguments.of(
            "bad chunk",
            "POST /v1.0/p1/instances HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Auth-Token: p1\r\n"
                + "Connection: close\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\nzz\r\n",
            400,
            "badRequest"),
        Arguments.of("NUL in the path", "GET /v1.0/p1/flavors/a%00b HTTP/1.1", 400, "badRequest"),
        Arguments.of(
            "ambiguous path", "GET /v1.0/p1/flavors/%2e%2e/%2e%2e/x HTTP/1.1", 400, "badRequest"),
        Arguments.of("unknown route", "GET /v1.0/p1/nothing HTTP/1.1", 404, "itemNotFound"),
        Arguments.of("wrong method", "PATCH /v1.0/p1/flavors HTTP/1.1", 404, "itemNotFound"),
        Arguments.of(
            "unsupported charset",
            "POST /v1.0/p1/instances/x/root HTTP/1.1\r\nContent-Type: application/json;"
                + " charset=bogus",
            415,
            "badMediaType"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejections")
  void everyRejectionIsATroveFaultInJson(String why, String head, int code, String name)
      throws IOException {
    RawAnswer answer = send(head);

    assertThat(answer.status).as(why + ": " + answer.raw).isEqualTo(code);
    assertThat(answer.contentType).as(why).startsWith("application/json");
    JsonNode body = JSON.readTree(answer.body);
    assertThat(body.path(name).path("code").asInt()).as(why + ": " + answer.body).isEqualTo(code);
    assertThat(body.path(name).path("message").asText()).isNotBlank();
  }

  /**
   * A client that writes its whole body before it reads (Java's, Python's) must still get the
   * refusal of a request refused before its body was read (here 401 and 415): the body arrives
   * slowly, so without draining it the server would close on a client still writing, and the reset
   * would discard the answer.
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"someone-else", "p1"})
  void aRequestRefusedBeforeItsBodyWasReadStillGetsItsAnswer(String token) throws Exception {
    int length = 600_000;
    try (Socket socket = new Socket("127.0.0.1", APP.getLocalPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1.0/p1/instances/x/users HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Auth-Token: "
                  + token
                  + "\r\nContent-Type: application/json; charset=bogus\r\nContent-Length: "
                  + length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      byte[] chunk = new byte[20_000];
      java.util.Arrays.fill(chunk, (byte) 'x');
      for (int sent = 0; sent < length; sent += chunk.length) {
        out.write(chunk);
        out.flush();
        Thread.sleep(5);
      }
      String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.UTF_8);
      assertThat(answer).matches("HTTP/1.1 (401|415)");
    }
  }

  @Test
  void theVersionsDocumentStillAnswers() throws IOException {
    RawAnswer answer = send("GET / HTTP/1.1");
    assertThat(answer.status).isEqualTo(200);
    assertThat(answer.body).contains("v1.0");
  }

  private static Configuration localOnly() {
    Configuration configuration = new Configuration();
    DefaultServerFactory server = new DefaultServerFactory();
    server.setRegisterDefaultExceptionMappers(false);
    HttpConnectorFactory application = new HttpConnectorFactory();
    application.setBindHost("127.0.0.1");
    application.setPort(0);
    HttpConnectorFactory admin = new HttpConnectorFactory();
    admin.setBindHost("127.0.0.1");
    admin.setPort(0);
    server.setApplicationConnectors(java.util.List.of(application));
    server.setAdminConnectors(java.util.List.of(admin));
    configuration.setServerFactory(server);
    return configuration;
  }

  private record RawAnswer(int status, String contentType, String body, String raw) {}

  /** One request on its own connection; {@code head} is the request line and any headers. */
  private static RawAnswer send(String head) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", APP.getLocalPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      String extra = head.contains("Content-Length") ? "" : "\r\nContent-Length: 2";
      String message =
          head.contains("\r\n\r\n")
              ? head
              : head
                  + "\r\nHost: 127.0.0.1\r\nX-Auth-Token: p1\r\nConnection: close"
                  + extra
                  + "\r\n\r\n{}";
      out.write(message.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      in.transferTo(buffer);
      String raw = buffer.toString(StandardCharsets.UTF_8);
      int split = raw.indexOf("\r\n\r\n");
      String headers = split < 0 ? raw : raw.substring(0, split);
      String body = split < 0 ? "" : raw.substring(split + 4);
      if (headers.toLowerCase().contains("transfer-encoding: chunked")) {
        body = unchunk(body);
      }
      int status = Integer.parseInt(headers.split(" ", 3)[1]);
      String contentType = "";
      for (String line : headers.split("\r\n")) {
        if (line.toLowerCase().startsWith("content-type:")) {
          contentType = line.substring("content-type:".length()).trim();
        }
      }
      return new RawAnswer(status, contentType, body, raw);
    }
  }

  private static String unchunk(String chunked) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (at < chunked.length()) {
      int lineEnd = chunked.indexOf("\r\n", at);
      int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
      if (size == 0) {
        break;
      }
      out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 2 + size + 2;
    }
    return out.toString();
  }
}
