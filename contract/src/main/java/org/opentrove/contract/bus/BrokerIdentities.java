package org.opentrove.contract.bus;

import java.io.IOException;
import org.opentrove.contract.Topology;

/**
 * Creates and removes a guest's own broker account. The account may consume its instance's queue
 * and publish to the conductor exchange and the reply exchange, nothing else (no configure rights,
 * no default exchange). Both operations are idempotent: creating an existing identity sets the same
 * password and rights again; removing a missing one succeeds. Implementations: the RabbitMQ
 * management API, the embedded Qpid broker's model.
 */
public interface BrokerIdentities {
  void create(GuestIdentity identity, Topology topology) throws IOException;

  void remove(String instanceId) throws IOException;
}
