package org.opentrove.dist.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;

/** A plain HTTP client for the Trove API, as troveclient would call it. */
final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private final Function<String, String> explain;

  /**
   * @param explain what a failed wait adds about the instance it waited on (logs, operations)
   */
  ApiClient(int port, Function<String, String> explain) {
    this.base = "http://127.0.0.1:" + port;
    this.explain = explain;
  }

  String base() {
    return base;
  }

  record Answer(int status, JsonNode body, HttpResponse<String> raw) {}

  Answer get(String project, String path) {
    return send(project, project, "GET", path, null);
  }

  Answer post(String project, String path, String json) {
    return send(project, project, "POST", path, json);
  }

  /** Trove's management action on an instance of any project, as the administrator. */
  Answer mgmtAction(String instanceId, String json) {
    return send(
        "admin",
        TestServices.ADMIN_TOKEN,
        "POST",
        "/mgmt/instances/" + instanceId + "/action",
        json);
  }

  Answer delete(String project, String path) {
    return send(project, project, "DELETE", path, null);
  }

  Answer send(String project, String token, String method, String path, String json) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + "/v1.0/" + project + path))
            .timeout(Duration.ofSeconds(30))
            .header("Accept", "application/json");
    if (token != null) {
      request.header("X-Auth-Token", token);
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

  /** Polls an instance until its view satisfies {@code done}; fails with the last view. */
  JsonNode awaitInstance(String project, String id, Predicate<Answer> done, Duration timeout)
      throws InterruptedException {
    return awaitInstance(project, project, id, done, timeout);
  }

  /** The same, as the holder of {@code token}. */
  JsonNode awaitInstance(
      String project, String token, String id, Predicate<Answer> done, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Answer last = null;
    while (System.nanoTime() < deadline) {
      last = send(project, token, "GET", "/instances/" + id, null);
      if (done.test(last)) {
        return last.body();
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "instance "
            + id
            + " did not reach the expected state in "
            + timeout
            + "; last: "
            + (last == null ? "none" : last.status() + " " + last.body())
            + explain.apply(id));
  }

  static Predicate<Answer> status(String expected) {
    return a ->
        a.status() == 200 && expected.equals(a.body().path("instance").path("status").asText());
  }

  static Predicate<Answer> gone() {
    return a -> a.status() == 404;
  }
}
