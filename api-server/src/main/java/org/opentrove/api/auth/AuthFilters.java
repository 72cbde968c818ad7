package org.opentrove.api.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import org.opentrove.api.ApiConfig;

/** The authentication filter {@code api.authMode} names. */
public final class AuthFilters {
  public static final String NOAUTH = "noauth";
  public static final String KEYSTONE = "keystone";

  private AuthFilters() {}

  public static Object forConfig(ApiConfig config, ObjectMapper json, Clock clock) {
    switch (config.authMode) {
      case NOAUTH:
        return new NoAuthFilter(config.adminToken);
      case KEYSTONE:
        KeystoneConfig keystone = config.keystone;
        if (blank(keystone.authUrl)
            || blank(keystone.user)
            || blank(keystone.password)
            || blank(keystone.project)) {
          throw new IllegalArgumentException(
              "api.authMode keystone needs api.keystone.authUrl, user, password and project");
        }
        TokenValidator tokens =
            new CachedTokens(
                new KeystoneTokens(keystone, json, clock),
                Duration.ofMillis(Math.round(keystone.cacheSeconds * 1000)),
                clock);
        return new KeystoneAuthFilter(
            tokens, keystone.adminRoles, KeystoneTokens.trimmed(keystone.authUrl));
      default:
        throw new IllegalArgumentException(
            "unsupported api.authMode: " + config.authMode + " (keystone or noauth)");
    }
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
