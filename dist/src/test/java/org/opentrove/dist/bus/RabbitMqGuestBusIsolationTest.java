package org.opentrove.dist.bus;

import org.opentrove.activities.bus.RabbitMqIdentities;
import org.opentrove.contract.bus.BrokerIdentities;

/** On the machine's RabbitMQ, guests' identities made through its management API. */
class RabbitMqGuestBusIsolationTest extends GuestBusIsolationContract {
  private static final String URI =
      System.getenv().getOrDefault("TROVE_TEST_AMQP_URI", "amqp://guest:guest@127.0.0.1:5672");
  private static final String MANAGEMENT_URI =
      System.getenv().getOrDefault("TROVE_TEST_AMQP_MANAGEMENT_URI", "http://127.0.0.1:15672");

  @Override
  String controlPlaneUri() {
    return URI;
  }

  @Override
  BrokerIdentities identities() {
    return new RabbitMqIdentities(MANAGEMENT_URI, URI);
  }
}
