package org.opentrove.activities.openstack;

import java.time.Duration;
import java.time.Instant;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.types.Facing;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.openstack.OSFactory;

/**
 * One Keystone token shared by all activity threads, renewed before it expires. OpenStack4j binds a
 * client to the thread that made it, so every call gets a client of its own on the shared token.
 */
public final class OpenStackSession {
  private static final Duration RENEW_BEFORE = Duration.ofMinutes(5);

  private final OpenStackConfig config;
  private Token token;

  public OpenStackSession(OpenStackConfig config) {
    this.config = config;
  }

  public OSClientV3 client() {
    OSClientV3 client = OSFactory.clientFromToken(token(), Facing.PUBLIC);
    if (config.region != null && !config.region.isBlank()) {
      client.useRegion(config.region);
    }
    return client;
  }

  private synchronized Token token() {
    if (token == null
        || token.getExpires() == null
        || token.getExpires().toInstant().isBefore(Instant.now().plus(RENEW_BEFORE))) {
      Identifier domain = domain(config.domain);
      token =
          OSFactory.builderV3()
              .endpoint(config.authUrl)
              .credentials(config.user, config.password, domain)
              .scopeToProject(Identifier.byName(config.project), domain)
              .authenticate()
              .getToken();
    }
    return token;
  }

  // Keystone's built-in domain has the id "default" and the name "Default".
  private static Identifier domain(String domain) {
    if (domain == null || domain.isBlank() || domain.equals("default")) {
      return Identifier.byId("default");
    }
    return Identifier.byName(domain);
  }

  /**
   * A raw call, for what OpenStack4j cannot say (a microversion): the service's public endpoint in
   * the configured region, on the shared token.
   */
  public java.net.http.HttpResponse<String> call(
      String serviceType, String method, String path, String microversion, String json)
      throws java.io.IOException {
    Token current = token();
    String base =
        current.getCatalog().stream()
            .filter(s -> serviceType.equals(s.getType()))
            .flatMap(s -> s.getEndpoints().stream())
            .filter(e -> e.getIface() == Facing.PUBLIC)
            .filter(
                e ->
                    config.region == null
                        || config.region.isBlank()
                        || config.region.equals(e.getRegion()))
            .map(e -> e.getUrl().toString())
            .findFirst()
            .orElseThrow(() -> new java.io.IOException("no " + serviceType + " endpoint"));
    java.net.http.HttpRequest.Builder request =
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path))
            .header("X-Auth-Token", current.getId())
            .header("Content-Type", "application/json")
            .timeout(java.time.Duration.ofSeconds(60))
            .method(
                method,
                json == null
                    ? java.net.http.HttpRequest.BodyPublishers.noBody()
                    : java.net.http.HttpRequest.BodyPublishers.ofString(json));
    if (microversion != null) {
      request.header("OpenStack-API-Version", microversion);
    }
    try {
      return HTTP.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.IOException("interrupted", e);
    }
  }

  private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newHttpClient();

  public String describe() {
    return config.toString();
  }
}
