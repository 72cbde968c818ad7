package org.opentrove.activities.compute.nova;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import org.opentrove.activities.bus.GuestBusAccess;
import org.opentrove.activities.compute.InstanceOwnership;
import org.opentrove.activities.compute.OrphanReaper;
import org.opentrove.activities.volume.CinderVolumeActivities;
import org.opentrove.contract.rpc.GuestRpcClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the servers, volumes and security groups this control plane made on the cloud for
 * instances that no longer own them (deleted, or never committed and past the grace period), with
 * their guests' queues and broker identities. It finds them by the owner's mark, never by name
 * alone, so another control plane's servers in the same project are left alone.
 */
public final class NovaOrphanReaper implements OrphanReaper {
  private static final Logger LOG = LoggerFactory.getLogger(NovaOrphanReaper.class);

  private final NovaServers servers;
  private final InstanceSecurityGroups groups;
  private final NovaComputeActivities compute;
  private final CinderVolumeActivities volumes;
  private final InstanceOwnership ownership;
  private final GuestRpcClient rpc;
  private final GuestBusAccess access;
  private final String owner;

  public NovaOrphanReaper(
      NovaComputeActivities compute,
      CinderVolumeActivities volumes,
      InstanceOwnership ownership,
      GuestRpcClient rpc,
      GuestBusAccess access) {
    this.compute = compute;
    this.servers = compute.servers();
    this.groups = compute.groups();
    this.volumes = volumes;
    this.ownership = ownership;
    this.rpc = rpc;
    this.access = access;
    this.owner = compute.owner();
  }

  @Override
  public List<String> reap() {
    List<String> reaped = new ArrayList<>();
    for (Map.Entry<String, Instant> made : oldestPerInstance().entrySet()) {
      String id = made.getKey();
      if (!ownership.isOrphan(id, made.getValue())) {
        continue;
      }
      LOG.warn(
          "removing the server, volume and security group of {}: no live instance owns them", id);
      try {
        compute.deleteServer(id);
        volumes.deleteVolume(id);
        access.revoke(id);
        rpc.deleteGuestQueue(id);
        reaped.add(id);
      } catch (IOException | RuntimeException e) {
        // A volume Nova is still detaching, say: the next pass finishes it.
        LOG.warn("leftovers of {} not removed yet: {}", id, e.toString());
      }
    }
    return reaped;
  }

  private Map<String, Instant> oldestPerInstance() {
    Map<String, Instant> oldest = new TreeMap<>();
    BinaryOperator<Instant> earlier = (a, b) -> a.isBefore(b) ? a : b;
    List<Made> found = new ArrayList<>(servers.madeBy(owner));
    found.addAll(volumes.madeBy());
    found.addAll(groups.madeBy());
    for (Made made : found) {
      oldest.merge(made.instanceId(), made.at(), earlier);
    }
    return oldest;
  }
}
