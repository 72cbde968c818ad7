package org.opentrove.dist.dev;

import io.dropwizard.core.Application;
import io.dropwizard.core.ConfiguredBundle;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import java.nio.file.Path;
import java.util.EnumSet;
import net.sourceforge.argparse4j.inf.Namespace;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.opentrove.dist.TroveConfiguration;
import org.opentrove.dist.TroveConfiguration.Role;

/**
 * {@code trove dev}: every role in one process, on embedded services where config.yml names none.
 * Ctrl-C stops everything, guests included.
 */
public final class DevCommand extends ServerCommand<TroveConfiguration> {
  public DevCommand(Application<TroveConfiguration> application) {
    super(application, "dev", "Runs the whole system on embedded defaults (development)");
  }

  @Override
  protected void run(
      Bootstrap<TroveConfiguration> bootstrap, Namespace namespace, TroveConfiguration config)
      throws Exception {
    DevServices services = DevServices.start(config);
    config.roles = EnumSet.allOf(Role.class);
    String adminToken;
    if (config.api.adminToken == null || config.api.adminToken.isBlank()) {
      config.api.adminToken = "admin-" + java.util.UUID.randomUUID();
      Path file = services.workDir().adminToken();
      DevWorkDir.writeSecret(file, config.api.adminToken + "\n");
      adminToken = "in " + file + " (generated; readable only by this user)";
    } else {
      adminToken = "api.adminToken from the configuration (never printed)";
    }
    // Registered through a bundle so it is managed first and therefore stopped last.
    bootstrap.addBundle(
        new ConfiguredBundle<>() {
          @Override
          public void run(TroveConfiguration configuration, Environment environment) {
            environment.lifecycle().manage(services);
            environment
                .lifecycle()
                .addServerLifecycleListener(server -> printBanner(server, adminToken));
          }
        });
    super.run(bootstrap, namespace, config);
  }

  /** The admin token is never printed, only where it is. */
  private static void printBanner(Server server, String adminToken) {
    int port = 0;
    for (var connector : server.getConnectors()) {
      if (connector instanceof ServerConnector http && "application".equals(http.getName())) {
        port = http.getLocalPort();
      }
    }
    if (port == 0 && server.getConnectors().length > 0) {
      port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }
    String endpoint = "http://127.0.0.1:" + port + "/v1.0/demo";
    System.out.println();
    System.out.println("OpenTrove dev is up (embedded services; state is discarded on exit).");
    System.out.println("  API:  " + endpoint + "   (noauth: the token is the project id)");
    System.out.println(
        "  CLI:  openstack --os-auth-type admin_token --os-endpoint "
            + endpoint
            + " --os-token demo database instance list");
    System.out.println("  Admin token (reset_status on any project): " + adminToken);
    System.out.println("  Stop: Ctrl-C (stops every guest it started)");
    System.out.println();
  }
}
