package org.opentrove.dist.health;

import com.codahale.metrics.health.HealthCheck;
import com.rabbitmq.client.Connection;

/** The message bus connection is open (it recovers by itself after a broker restart). */
public final class BrokerHealthCheck extends HealthCheck {
  private final Connection connection;

  public BrokerHealthCheck(Connection connection) {
    this.connection = connection;
  }

  @Override
  protected Result check() {
    return connection.isOpen() ? Result.healthy() : Result.unhealthy("AMQP connection is closed");
  }
}
