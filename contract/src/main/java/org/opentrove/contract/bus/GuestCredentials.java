package org.opentrove.contract.bus;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Each guest's broker password, derived from a secret the workers share (HMAC-SHA256 of the
 * instance id under a key derived from it). Deriving instead of storing lets the identity step and
 * the compute driver, separate activities that may run on different workers or be retried, agree on
 * the password without it travelling through workflow payloads or a database: it is written only
 * into the guest's 0600 settings file and to the broker.
 */
public final class GuestCredentials {
  private static final String ALGORITHM = "HmacSHA256";
  private static final byte[] LABEL =
      "opentrove guest broker password v1".getBytes(StandardCharsets.UTF_8);

  private final byte[] key;

  public GuestCredentials(byte[] secret) {
    if (secret == null || secret.length < 16) {
      throw new IllegalArgumentException("the guest password secret must have 16 bytes or more");
    }
    this.key = hmac(secret, LABEL);
  }

  public GuestIdentity identityOf(String instanceId) {
    String password =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(hmac(key, instanceId.getBytes(StandardCharsets.UTF_8)));
    return new GuestIdentity(instanceId, GuestIdentity.userOf(instanceId), password);
  }

  /** The control plane's broker URI with the guest's own user and password instead. */
  public String uriFor(String controlPlaneUri, String instanceId) {
    GuestIdentity identity = identityOf(instanceId);
    try {
      URI uri = new URI(controlPlaneUri);
      String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
      return uri.getScheme()
          + "://"
          + identity.user()
          + ":"
          + identity.password()
          + "@"
          + uri.getHost()
          + port
          + (uri.getRawPath() == null ? "" : uri.getRawPath())
          + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("invalid AMQP URI (not shown)");
    }
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }
}
