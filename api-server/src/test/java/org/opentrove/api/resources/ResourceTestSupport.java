package org.opentrove.api.resources;

import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.client.Invocation;
import org.opentrove.api.auth.NoAuthFilter;
import org.opentrove.api.errors.MalformedJsonMapper;
import org.opentrove.api.errors.TroveErrorMapper;
import org.opentrove.api.errors.UnexpectedErrorMapper;
import org.opentrove.api.errors.WebErrorMapper;

/**
 * Resources as {@code ApiServer} installs them, with its authentication filter and error mappers,
 * in Dropwizard's in-memory Jersey container.
 */
final class ResourceTestSupport {
  static final String ADMIN_TOKEN = "admin-token";

  private ResourceTestSupport() {}

  static ResourceExtension extension(Object... resources) {
    ResourceExtension.Builder builder =
        ResourceExtension.builder()
            // Production turns Dropwizard's own mappers off
            // (server.registerDefaultExceptionMappers).
            .setRegisterDefaultExceptionMappers(false)
            .addProvider(new NoAuthFilter(ADMIN_TOKEN))
            .addProvider(new TroveErrorMapper())
            .addProvider(new MalformedJsonMapper())
            .addProvider(new WebErrorMapper())
            .addProvider(new UnexpectedErrorMapper());
    for (Object resource : resources) {
      builder.addResource(resource);
    }
    return builder.build();
  }

  /** A GET of {@code path} with the noauth token of project {@code project}. */
  static Invocation.Builder get(ResourceExtension resources, String project, String path) {
    return resources.target(path).request().header("X-Auth-Token", project);
  }
}
