package org.opentrove.api.auth;

import java.time.Instant;
import java.util.Set;

/** What Keystone said about a token: whose project it is scoped to, its roles, its expiry. */
public record ValidatedToken(String projectId, Set<String> roles, Instant expiresAt) {}
