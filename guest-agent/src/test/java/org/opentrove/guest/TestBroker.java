package org.opentrove.guest;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.util.concurrent.TimeoutException;

/** The RabbitMQ broker tests use; a test that needs it fails clearly when it is not running. */
public final class TestBroker {
  public static final String URI =
      System.getProperty("opentrove.test.amqp", "amqp://guest:guest@127.0.0.1:5672");

  /** The user {@link #URI} logs in as: the user-id the broker lets its messages carry. */
  public static final String USER = org.opentrove.contract.Amqp.userOf(URI);

  private TestBroker() {}

  public static Connection connectOrSkip(String name) {
    ConnectionFactory factory = new ConnectionFactory();
    try {
      factory.setUri(URI);
      factory.setConnectionTimeout(2000);
      return factory.newConnection(name);
    } catch (IOException | TimeoutException | URISyntaxException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "no AMQP broker at " + URI + " (the README's test command starts RabbitMQ): " + e, e);
    }
  }
}
