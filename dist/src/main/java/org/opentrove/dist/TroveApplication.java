package org.opentrove.dist;

import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import java.time.Clock;
import org.opentrove.activities.openstack.OpenStackSession;
import org.opentrove.api.ApiServer;
import org.opentrove.api.core.ComputeDriver;
import org.opentrove.dist.TroveConfiguration.Role;
import org.opentrove.dist.dev.DevCommand;
import org.opentrove.dist.health.BrokerHealthCheck;
import org.opentrove.dist.health.DatabaseHealthCheck;
import org.opentrove.dist.health.TemporalHealthCheck;
import org.opentrove.dist.metrics.PrometheusEndpoint;
import org.opentrove.dist.nova.CinderVolumeTypes;
import org.opentrove.dist.roles.ConductorRole;
import org.opentrove.dist.roles.GuestCalls;
import org.opentrove.dist.roles.WorkerRole;

/**
 * One binary, several roles: {@code server} (API), {@code worker}, {@code conductor}, {@code dev}.
 */
public class TroveApplication extends Application<TroveConfiguration> {

  @Override
  public String getName() {
    return "opentrove";
  }

  @Override
  public void initialize(Bootstrap<TroveConfiguration> bootstrap) {
    bootstrap.setConfigurationSourceProvider(
        new SubstitutingSourceProvider(
            bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
    bootstrap.addCommand(new DevCommand(this));
    bootstrap.addCommand(
        new HeadlessCommand(this, "worker", "Runs workflows and activities", Role.WORKER));
    bootstrap.addCommand(
        new HeadlessCommand(
            this, "conductor", "Consumes guest heartbeats and results", Role.CONDUCTOR));
    bootstrap.addCommand(new MigrateCommand());
  }

  @Override
  public void run(TroveConfiguration config, Environment environment) {
    Infrastructure infra = new Infrastructure(config, environment);
    environment.lifecycle().manage(infra);
    PrometheusEndpoint.install(environment);
    environment.healthChecks().register("database", new DatabaseHealthCheck(infra.jdbi()));
    environment
        .healthChecks()
        .register("temporal", new TemporalHealthCheck(infra.workflowClient()));
    environment.healthChecks().register("broker", new BrokerHealthCheck(infra.amqp()));
    if (config.roles.contains(Role.API)) {
      NoAuthBinding.check(config);
      GuestCalls guestCalls = new GuestCalls(infra.amqp(), config.amqp.topology());
      environment.lifecycle().manage(guestCalls);
      ApiServer.install(
          environment,
          config.api,
          infra.jdbi(),
          infra.workflowClient(),
          guestCalls,
          computeDriver(config),
          Clock.systemUTC());
    }
    if (config.roles.contains(Role.CONDUCTOR)) {
      environment.lifecycle().manage(new ConductorRole(config, infra));
    }
    if (config.roles.contains(Role.WORKER)) {
      environment.lifecycle().manage(new WorkerRole(config, infra));
    }
  }

  /** On Nova: Cinder's volume types and servers that migrate; the local driver has neither. */
  private static ComputeDriver computeDriver(TroveConfiguration config) {
    return config.compute.driver.equals("nova")
        ? new ComputeDriver(
            new CinderVolumeTypes(new OpenStackSession(config.compute.nova.openstack)), true)
        : ComputeDriver.LOCAL;
  }
}
