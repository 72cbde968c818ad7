package org.opentrove.api.auth;

import java.util.List;

/**
 * {@code api.keystone}: where tokens are validated ({@code authMode: keystone}), and as whom. The
 * service user needs a role Keystone lets validate other users' tokens ({@code admin} or {@code
 * service} under Keystone's default policy).
 */
public class KeystoneConfig {
  /** Keystone's identity endpoint, with or without {@code /v3}. */
  public String authUrl;

  public String user;
  public String password;
  public String project;
  public String userDomain = "Default";
  public String projectDomain = "Default";

  /** A token carrying any of these roles is an administrator's (Trove's {@code admin_roles}). */
  public List<String> adminRoles = List.of("admin");

  /**
   * How long a validated token is trusted without asking Keystone again (never past its expiry): a
   * revoked token keeps working this long, as with keystonemiddleware's token cache.
   */
  public double cacheSeconds = 300;

  /** How long to wait for Keystone before answering 503. */
  public double timeoutSeconds = 5;
}
