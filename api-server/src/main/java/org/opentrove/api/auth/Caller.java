package org.opentrove.api.auth;

import jakarta.ws.rs.container.ContainerRequestContext;

/** Who made a request, as the authentication filter found out. */
public record Caller(boolean admin) {
  static final String PROPERTY = "org.opentrove.caller";
  private static final Caller TENANT = new Caller(false);

  public static Caller of(ContainerRequestContext request) {
    Object caller = request.getProperty(PROPERTY);
    return caller instanceof Caller known ? known : TENANT;
  }
}
