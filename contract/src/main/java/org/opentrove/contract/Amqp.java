package org.opentrove.contract;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeoutException;

/** Opens recovering AMQP 0-9-1 connections; works against RabbitMQ and Qpid Broker-J. */
public final class Amqp {
  private Amqp() {}

  public static Connection connect(String uri, String connectionName)
      throws IOException, TimeoutException {
    ConnectionFactory factory = new ConnectionFactory();
    try {
      factory.setUri(uri);
    } catch (URISyntaxException | GeneralSecurityException e) {
      throw new IllegalArgumentException("invalid AMQP URI (credentials not shown)", e);
    }
    factory.setAutomaticRecoveryEnabled(true);
    factory.setTopologyRecoveryEnabled(true);
    factory.setNetworkRecoveryInterval(1000);
    factory.setRequestedHeartbeat(10);
    return factory.newConnection(connectionName);
  }
}
