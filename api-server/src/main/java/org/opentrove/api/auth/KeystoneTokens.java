package org.opentrove.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Validates tokens at Keystone v3 ({@code GET /v3/auth/tokens}) with the service user's own token,
 * which it gets by password and renews before it expires or when Keystone refuses it.
 */
public final class KeystoneTokens implements TokenValidator {
  /** A service token this close to its expiry is renewed first. */
  private static final Duration RENEW_BEFORE = Duration.ofMinutes(2);

  private final KeystoneConfig config;
  private final URI tokens;
  private final HttpClient http;
  private final Duration timeout;
  private final ObjectMapper json;
  private final Clock clock;
  private volatile ServiceToken serviceToken;

  private record ServiceToken(String value, Instant expiresAt) {}

  public KeystoneTokens(KeystoneConfig config, ObjectMapper json, Clock clock) {
    this.config = config;
    this.tokens = URI.create(identityV3(config.authUrl) + "/auth/tokens");
    this.timeout = Duration.ofMillis(Math.round(config.timeoutSeconds * 1000));
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.json = json;
    this.clock = clock;
  }

  /** An auth URL as configured, without surrounding blanks or trailing slashes. */
  static String trimmed(String authUrl) {
    return authUrl.strip().replaceAll("/+$", "");
  }

  /** Keystone's v3 base from an auth URL written with or without its version. */
  static String identityV3(String authUrl) {
    String base = trimmed(authUrl);
    return base.endsWith("/v3") ? base : base + "/v3";
  }

  @Override
  public Optional<ValidatedToken> validate(String token) {
    for (int attempt = 1; ; attempt++) {
      HttpResponse<byte[]> answer =
          send(
              HttpRequest.newBuilder(URI.create(tokens + "?nocatalog"))
                  .timeout(timeout)
                  .header("X-Auth-Token", serviceToken(attempt > 1))
                  .header("X-Subject-Token", token)
                  .GET()
                  .build());
      switch (answer.statusCode()) {
        case 200:
          return Optional.of(read(answer.body()));
        case 404:
          return Optional.empty();
        case 401:
          if (attempt == 1) {
            continue; // our own token was revoked or expired early: renew it once
          }
          throw new IdentityUnavailableException("Keystone refused the service user's token");
        default:
          throw new IdentityUnavailableException(
              "Keystone answered " + answer.statusCode() + " to a token validation");
      }
    }
  }

  private ValidatedToken read(byte[] body) {
    try {
      JsonNode token = json.readTree(body).path("token");
      Set<String> roles = new LinkedHashSet<>();
      token.path("roles").forEach(role -> roles.add(role.path("name").asText()));
      String project = token.path("project").path("id").asText(null);
      return new ValidatedToken(project, Set.copyOf(roles), expiry(token));
    } catch (IOException e) {
      throw new IdentityUnavailableException("Keystone's token validation was not JSON", e);
    }
  }

  private static Instant expiry(JsonNode token) {
    String expiresAt = token.path("expires_at").asText("");
    if (expiresAt.isEmpty()) {
      throw new IdentityUnavailableException("Keystone's token carries no expires_at");
    }
    return Instant.parse(expiresAt);
  }

  private String serviceToken(boolean renew) {
    ServiceToken current = serviceToken;
    if (!renew
        && current != null
        && clock.instant().plus(RENEW_BEFORE).isBefore(current.expiresAt)) {
      return current.value;
    }
    synchronized (this) {
      if (serviceToken == current) {
        serviceToken = authenticate();
      }
      return serviceToken.value;
    }
  }

  private ServiceToken authenticate() {
    HttpResponse<byte[]> answer =
        send(
            HttpRequest.newBuilder(tokens)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(passwordAuth()))
                .build());
    if (answer.statusCode() != 201) {
      // Keystone's body names no secret, but it is not ours to pass on either
      throw new IdentityUnavailableException(
          "Keystone refused the service user '"
              + config.user
              + "' ("
              + answer.statusCode()
              + "): check api.keystone");
    }
    String value = answer.headers().firstValue("X-Subject-Token").orElse("");
    if (value.isEmpty()) {
      throw new IdentityUnavailableException("Keystone issued a token without X-Subject-Token");
    }
    try {
      return new ServiceToken(value, expiry(json.readTree(answer.body()).path("token")));
    } catch (IOException e) {
      throw new IdentityUnavailableException("Keystone's token was not JSON", e);
    }
  }

  private byte[] passwordAuth() {
    ObjectNode root = json.createObjectNode();
    ObjectNode auth = root.putObject("auth");
    ObjectNode identity = auth.putObject("identity");
    identity.putArray("methods").add("password");
    ObjectNode user = identity.putObject("password").putObject("user");
    user.put("name", config.user);
    user.put("password", config.password);
    user.set("domain", domain(config.userDomain));
    ObjectNode project = auth.putObject("scope").putObject("project");
    project.put("name", config.project);
    project.set("domain", domain(config.projectDomain));
    try {
      return json.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  // Keystone's built-in domain has the id "default" and the name "Default".
  private ObjectNode domain(String domain) {
    ObjectNode node = json.createObjectNode();
    if (domain == null || domain.isBlank() || domain.equals("default")) {
      node.put("id", "default");
    } else {
      node.put("name", domain);
    }
    return node;
  }

  private HttpResponse<byte[]> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IdentityUnavailableException("Keystone at " + tokens + " did not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IdentityUnavailableException("interrupted while asking Keystone", e);
    }
  }
}
