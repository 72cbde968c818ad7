package org.opentrove.activities.bus;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.opentrove.contract.Amqp;
import org.opentrove.contract.Topology;
import org.opentrove.contract.bus.BrokerIdentities;
import org.opentrove.contract.bus.GuestIdentity;

/**
 * Guest identities on RabbitMQ through its management HTTP API (plugin {@code
 * rabbitmq_management}), as the control plane's account, which must be tagged {@code
 * administrator}. Rights per guest, as regular expressions on the virtual host: configure nothing,
 * write the conductor and reply exchanges, read its own queue. RabbitMQ validates the {@code
 * user-id} of what a guest publishes against its login.
 */
public final class RabbitMqIdentities implements BrokerIdentities {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();
  private final URI management;
  private final String vhost;
  private final String authorization;

  /**
   * @param managementUri the management API's base, {@code http://127.0.0.1:15672}
   * @param amqpUri the control plane's broker URI: its credentials and virtual host are used
   */
  public RabbitMqIdentities(String managementUri, String amqpUri) {
    this.management = URI.create(managementUri.endsWith("/") ? managementUri : managementUri + "/");
    this.vhost = Amqp.virtualHostOf(amqpUri);
    URI amqp = URI.create(amqpUri);
    String userInfo = amqp.getUserInfo() == null ? "guest:guest" : amqp.getUserInfo();
    this.authorization =
        "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void create(GuestIdentity identity, Topology topology) throws IOException {
    send(
        "PUT",
        "api/users/" + segment(identity.user()),
        Map.of("password", identity.password(), "tags", ""));
    send(
        "PUT",
        "api/permissions/" + segment(vhost) + "/" + segment(identity.user()),
        Map.of(
            "configure", "^$",
            "write",
                "^("
                    + literal(topology.conductorExchange())
                    + "|"
                    + literal(topology.replyExchange())
                    + ")$",
            "read", "^" + literal(topology.guestQueue(identity.instanceId())) + "$"));
  }

  /** Removing the user also closes its connections. */
  @Override
  public void remove(String instanceId) throws IOException {
    send("DELETE", "api/users/" + segment(GuestIdentity.userOf(instanceId)), null);
  }

  private void send(String method, String path, Object body) throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(management.resolve(path))
            .timeout(TIMEOUT)
            .header("Authorization", authorization)
            .header("Content-Type", "application/json");
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted talking to the RabbitMQ management API", e);
    }
    int status = response.statusCode();
    boolean absentOnDelete = status == 404 && method.equals("DELETE");
    if (status / 100 != 2 && !absentOnDelete) {
      // The body names the user at most, never the password.
      throw new IOException(
          "RabbitMQ management API answered "
              + status
              + " to "
              + method
              + " "
              + path
              + ": "
              + abbreviate(response.body()));
    }
  }

  private static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A name as a regular expression that matches only itself. */
  static String literal(String name) {
    StringBuilder out = new StringBuilder();
    for (char c : name.toCharArray()) {
      if ("\\^$.|?*+()[]{}".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  private static String abbreviate(String body) {
    return body == null ? "" : body.length() > 200 ? body.substring(0, 200) + "..." : body;
  }
}
