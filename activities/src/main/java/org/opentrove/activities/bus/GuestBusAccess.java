package org.opentrove.activities.bus;

import java.io.IOException;
import org.opentrove.contract.Topology;
import org.opentrove.contract.bus.BrokerIdentities;
import org.opentrove.contract.bus.GuestCredentials;

/** Gives an instance's guest its own broker identity, and takes it away. Both are idempotent. */
public final class GuestBusAccess {
  private final BrokerIdentities identities;
  private final GuestCredentials credentials;
  private final Topology topology;

  public GuestBusAccess(
      BrokerIdentities identities, GuestCredentials credentials, Topology topology) {
    this.identities = identities;
    this.credentials = credentials;
    this.topology = topology;
  }

  public void grant(String instanceId) throws IOException {
    identities.create(credentials.identityOf(instanceId), topology);
  }

  /** The broker also closes the guest's connections. */
  public void revoke(String instanceId) throws IOException {
    identities.remove(instanceId);
  }
}
