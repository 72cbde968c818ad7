package org.opentrove.activities.compute.nova;

import java.util.List;
import org.openstack4j.model.compute.Address;
import org.openstack4j.model.compute.Server;

/** What the driver reads off a Nova server. */
public final class NovaServersView {
  private NovaServersView() {}

  /** The server's first fixed address: where its datastore listens. */
  public static String address(Server server) {
    if (server.getAddresses() == null || server.getAddresses().getAddresses() == null) {
      return "";
    }
    return server.getAddresses().getAddresses().values().stream()
        .flatMap(List::stream)
        .map(Address::getAddr)
        .findFirst()
        .orElse("");
  }
}
