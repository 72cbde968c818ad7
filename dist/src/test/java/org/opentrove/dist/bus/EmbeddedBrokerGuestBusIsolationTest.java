package org.opentrove.dist.bus;

import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.opentrove.contract.bus.BrokerIdentities;
import org.opentrove.dist.dev.EmbeddedBroker;
import org.opentrove.dist.dev.FreePorts;

/** On dev mode's embedded Qpid Broker-J, guests' identities made through its model. */
class EmbeddedBrokerGuestBusIsolationTest extends GuestBusIsolationContract {
  private static EmbeddedBroker broker;

  @BeforeAll
  static void startBroker() throws Exception {
    broker =
        EmbeddedBroker.start(
            FreePorts.preferring(0),
            "controlplanepw",
            Files.createTempDirectory("bus-test-broker"));
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Override
  String controlPlaneUri() {
    return broker.uri();
  }

  @Override
  BrokerIdentities identities() {
    return broker.identities();
  }
}
