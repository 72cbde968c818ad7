package org.opentrove.objects;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.openstack.identity.v3.domain.KeystoneToken;

/**
 * Swift's own v1.0 authentication (tempauth, swauth), which OpenStack4j lacks: asks {@code authUrl}
 * for a token and a storage URL, then dresses them up as a Keystone v3 token whose catalog holds
 * just that storage URL, so the rest of OpenStack4j works unchanged.
 */
final class TempAuth implements SwiftAuth {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.UNWRAP_ROOT_VALUE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  // tempauth's default token life; used only if the answer does not say
  private static final long DEFAULT_LIFE_SECONDS = 86_400;

  private final String authUrl;
  private final String user;
  private final String key;
  private final String region;
  private final OkHttpClient http;

  TempAuth(String authUrl, String user, String key, String region, OkHttpClient http) {
    this.authUrl = authUrl;
    this.user = user;
    this.key = key;
    this.region = region;
    this.http = http;
  }

  @Override
  public Token authenticate() throws IOException {
    Request request =
        new Request.Builder()
            .url(authUrl)
            .header("X-Auth-User", user)
            .header("X-Auth-Key", key)
            .build();
    String token;
    String storageUrl;
    String expires;
    int status;
    try (Response response = http.newCall(request).execute()) {
      status = response.code();
      token = response.header("X-Auth-Token");
      storageUrl = response.header("X-Storage-Url");
      expires = response.header("X-Auth-Token-Expires");
    } catch (IOException e) {
      throw new IOException(
          "Swift authentication failed for " + describe() + ": " + KeystoneV3Auth.reason(e), e);
    }
    if (status / 100 != 2 || token == null || storageUrl == null) {
      throw new IOException("Swift authentication failed for " + describe() + ": HTTP " + status);
    }
    long life = expires == null ? DEFAULT_LIFE_SECONDS : seconds(expires);
    KeystoneToken keystoneToken = toKeystoneToken(storageUrl, life);
    keystoneToken.setId(token);
    keystoneToken.setEndpoint(authUrl);
    return keystoneToken;
  }

  @Override
  public String describe() {
    return "user '" + user + "' at tempauth " + authUrl;
  }

  private KeystoneToken toKeystoneToken(String storageUrl, long lifeSeconds) throws IOException {
    String account = storageUrl.substring(storageUrl.lastIndexOf('/') + 1);
    ObjectNode token = JSON.createObjectNode();
    token.put("expires_at", System.currentTimeMillis() + lifeSeconds * 1000);
    token.putArray("methods").add("password");
    ObjectNode project = token.putObject("project");
    project.put("id", account).put("name", account);
    project.putObject("domain").put("id", "default").put("name", "Default");
    ObjectNode userNode = token.putObject("user");
    userNode.put("id", user).put("name", user);
    userNode.putObject("domain").put("id", "default").put("name", "Default");
    ObjectNode service = token.putArray("catalog").addObject();
    service.put("id", "swift").put("name", "swift").put("type", "object-store");
    ObjectNode endpoint = service.putArray("endpoints").addObject();
    endpoint.put("id", "swift-public").put("interface", "public").put("url", storageUrl);
    endpoint.put("region", region).put("region_id", region);
    ObjectNode root = JSON.createObjectNode();
    root.set("token", token);
    return JSON.treeToValue(root, KeystoneToken.class);
  }

  private static long seconds(String value) {
    try {
      return (long) Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      return DEFAULT_LIFE_SECONDS;
    }
  }
}
