package org.opentrove.api.auth;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.opentrove.api.errors.FaultBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code keystone} mode: under {@code /v1.0/{project_id}/} the {@code X-Auth-Token} must be a token
 * Keystone knows and has not expired (else 401, as keystonemiddleware answers), scoped to that very
 * project (else 403, Trove's TenantBasedAuth, administrators included: they reach other projects'
 * resources by id from their own). A token with one of the administrator roles makes the caller an
 * administrator (role names compare without case, as in Trove). The versions document at {@code /}
 * is open.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class KeystoneAuthFilter implements ContainerRequestFilter {
  private static final Logger LOG = LoggerFactory.getLogger(KeystoneAuthFilter.class);

  /** Longer than any token Keystone issues (a Fernet token is under 300 characters). */
  private static final int MAXIMUM_TOKEN_LENGTH = 4096;

  private final TokenValidator tokens;
  private final Set<String> adminRoles;
  private final String keystoneUri;

  public KeystoneAuthFilter(TokenValidator tokens, List<String> adminRoles, String keystoneUri) {
    this.tokens = tokens;
    this.adminRoles =
        adminRoles.stream().map(r -> r.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    this.keystoneUri = keystoneUri;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    Optional<String> project = ProjectPath.of(request);
    if (project.isEmpty()) {
      return;
    }
    String token = request.getHeaderString("X-Auth-Token");
    if (token == null || token.isBlank() || token.length() > MAXIMUM_TOKEN_LENGTH) {
      request.abortWith(IdentityFaults.unauthorized(keystoneUri));
      return;
    }
    ValidatedToken validated;
    try {
      validated = tokens.validate(token.strip()).orElse(null);
    } catch (IdentityUnavailableException e) {
      LOG.error("cannot validate a token: {}", e.getMessage());
      request.abortWith(IdentityFaults.unavailable());
      return;
    }
    if (validated == null) {
      request.abortWith(IdentityFaults.unauthorized(keystoneUri));
      return;
    }
    if (!project.get().equals(validated.projectId())) {
      request.abortWith(
          FaultBody.response(
              403,
              "forbidden",
              "User with tenant id " + validated.projectId() + " cannot access this resource."));
      return;
    }
    boolean admin =
        validated.roles().stream().anyMatch(r -> adminRoles.contains(r.toLowerCase(Locale.ROOT)));
    request.setProperty(Caller.PROPERTY, new Caller(admin));
  }
}
