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
    ConnectionFactory factory = factory(uri);
    factory.setAutomaticRecoveryEnabled(true);
    factory.setTopologyRecoveryEnabled(true);
    factory.setNetworkRecoveryInterval(1000);
    factory.setRequestedHeartbeat(10);
    return factory.newConnection(connectionName);
  }

  /** The broker user a URI logs in as: the {@code user-id} its messages may carry. */
  public static String userOf(String uri) {
    return factory(uri).getUsername();
  }

  /** The virtual host a URI names ({@code /} when it names none). */
  public static String virtualHostOf(String uri) {
    return factory(uri).getVirtualHost();
  }

  private static ConnectionFactory factory(String uri) {
    ConnectionFactory factory = new ConnectionFactory();
    try {
      factory.setUri(uri);
    } catch (URISyntaxException | GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid AMQP URI (credentials not shown)");
    }
    return factory;
  }
}
