package org.opentrove.activities.compute.nova;

import java.util.List;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.model.compute.ServerGroup;
import org.opentrove.activities.openstack.OpenStackSession;

/**
 * Trove's locality: a Nova server group of the instance's policy ({@code affinity} or {@code
 * anti-affinity}), named as Trove names it ({@code locality_<instance id>}), that the server is
 * booted into. Found by its name, so a retry finds the one it made.
 */
final class InstanceServerGroups {
  private static final String PREFIX = "locality_";

  private final OpenStackSession session;

  InstanceServerGroups(OpenStackSession session) {
    this.session = session;
  }

  /** The instance's group with {@code policy}, made if missing; answers its id. */
  String ensure(String instanceId, String policy) {
    OSClientV3 os = session.client();
    return named(os, instanceId).stream()
        .map(g -> (ServerGroup) g)
        .findFirst()
        .orElseGet(() -> os.compute().serverGroups().create(PREFIX + instanceId, policy))
        .getId();
  }

  /** Deletes the instance's groups (a group outlives its servers in Nova). */
  void delete(String instanceId) {
    OSClientV3 os = session.client();
    for (ServerGroup group : named(os, instanceId)) {
      NovaServers.check(
          os.compute().serverGroups().delete(group.getId()),
          "deleting server group " + group.getId());
    }
  }

  private static List<? extends ServerGroup> named(OSClientV3 os, String instanceId) {
    String name = PREFIX + instanceId;
    return os.compute().serverGroups().list().stream()
        .filter(g -> name.equals(g.getName()))
        .toList();
  }
}
