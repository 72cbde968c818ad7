package org.opentrove.dist;

import com.codahale.metrics.MetricRegistry;
import com.rabbitmq.client.Connection;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.contract.Amqp;
import org.opentrove.store.Migrations;
import org.opentrove.store.Store;
import org.opentrove.temporal.TemporalClients;
import org.opentrove.temporal.TroveSearchAttributes;

/**
 * The connections a process shares between its roles: control-plane database, Temporal and the
 * message bus, each opened on first use and closed with the process.
 */
public final class Infrastructure implements Managed {
  private final TroveConfiguration config;
  private final Environment environment;
  private Jdbi jdbi;
  private WorkflowServiceStubs temporalService;
  private WorkflowClient workflowClient;
  private Connection amqp;

  public Infrastructure(TroveConfiguration config, Environment environment) {
    this.config = config;
    this.environment = environment;
  }

  /** The process's metric registry (exported on the admin port). */
  public MetricRegistry metrics() {
    return environment.metrics();
  }

  public synchronized Jdbi jdbi() {
    if (jdbi == null) {
      requireSet(config.database.getUrl(), "database.url");
      DataSource dataSource = config.database.build(environment.metrics(), "control-plane");
      Migrations.requireCurrent(dataSource);
      jdbi = Store.jdbi(dataSource);
    }
    return jdbi;
  }

  public synchronized WorkflowClient workflowClient() {
    if (workflowClient == null) {
      requireSet(config.temporal.target, "temporal.target");
      temporalService = TemporalClients.service(config.temporal);
      if (config.temporal.registerSearchAttributes) {
        TroveSearchAttributes.register(temporalService, config.temporal.namespace);
      }
      workflowClient = TemporalClients.client(temporalService, config.temporal);
    }
    return workflowClient;
  }

  /** One connection per process, shared by its roles (each uses its own channels). */
  public synchronized Connection amqp() {
    if (amqp == null) {
      requireSet(config.amqp.uri, "amqp.uri");
      try {
        amqp = Amqp.connect(config.amqp.uri, "opentrove-" + config.roles);
      } catch (IOException | TimeoutException e) {
        throw new IllegalStateException(
            "cannot connect to the message bus configured in amqp.uri: " + e.getMessage(), e);
      }
    }
    return amqp;
  }

  /** The value that asks dev mode to start a service itself. */
  public static boolean isEmbedded(String value) {
    return value == null || value.isBlank() || value.equals("embedded");
  }

  private static void requireSet(String value, String key) {
    if (isEmbedded(value)) {
      throw new IllegalStateException(
          key
              + " is not configured; set it in config.yml, or run `./trove dev` for embedded"
              + " services");
    }
  }

  @Override
  public void start() {}

  @Override
  public synchronized void stop() throws Exception {
    if (amqp != null && amqp.isOpen()) {
      amqp.close();
    }
    if (temporalService != null) {
      temporalService.shutdown();
    }
  }
}
