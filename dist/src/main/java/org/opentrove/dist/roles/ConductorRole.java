package org.opentrove.dist.roles;

import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.time.Clock;
import org.opentrove.conductor.Conductor;
import org.opentrove.contract.Amqp;
import org.opentrove.dist.Infrastructure;
import org.opentrove.dist.TroveConfiguration;

/** Consumes guest heartbeats and results. */
public final class ConductorRole implements Managed {
  private final TroveConfiguration config;
  private final Infrastructure infra;
  private Conductor conductor;

  public ConductorRole(TroveConfiguration config, Infrastructure infra) {
    this.config = config;
    this.infra = infra;
  }

  @Override
  public void start() throws IOException {
    conductor =
        new Conductor(
            infra.amqp(),
            config.amqp.topology(),
            config.conductor,
            infra.jdbi(),
            infra.workflowClient(),
            Clock.systemUTC(),
            Amqp.userOf(config.amqp.uri),
            infra.metrics());
    conductor.start();
  }

  @Override
  public void stop() {
    if (conductor != null) {
      conductor.close();
    }
  }
}
