package org.opentrove.activities.compute;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.opentrove.activities.bus.GuestBusAccess;
import org.opentrove.activities.volume.LocalVolumeActivities;
import org.opentrove.contract.rpc.GuestRpcClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes local servers no instance owns: a server directory whose instance is deleted, or that no
 * instance row names and that is older than the grace period (a create still committing its row is
 * younger). Its processes, volume, guest queue and broker identity go with it.
 */
public final class LocalOrphanReaper implements OrphanReaper {
  private static final Logger LOG = LoggerFactory.getLogger(LocalOrphanReaper.class);

  private final LocalComputeConfig config;
  private final LocalComputeActivities compute;
  private final LocalVolumeActivities volumes;
  private final GuestRpcClient rpc;
  private final GuestBusAccess access;
  private final InstanceOwnership ownership;

  public LocalOrphanReaper(
      LocalComputeConfig config,
      InstanceOwnership ownership,
      LocalComputeActivities compute,
      LocalVolumeActivities volumes,
      GuestRpcClient rpc,
      GuestBusAccess access) {
    this.config = config;
    this.ownership = ownership;
    this.compute = compute;
    this.volumes = volumes;
    this.rpc = rpc;
    this.access = access;
  }

  @Override
  public List<String> reap() throws IOException {
    List<String> reaped = new ArrayList<>();
    Path root = Path.of(config.dataRoot);
    if (!Files.isDirectory(root)) {
      return reaped;
    }
    List<Path> dirs;
    try (Stream<Path> entries = Files.list(root)) {
      dirs = entries.filter(Files::isDirectory).toList();
    }
    for (Path dir : dirs) {
      String id = dir.getFileName().toString();
      if (isOrphan(id, dir)) {
        LOG.warn("removing local server {}: no live instance owns it", id);
        compute.deleteServer(id);
        volumes.deleteVolume(id);
        access.revoke(id);
        rpc.deleteGuestQueue(id);
        reaped.add(id);
      }
    }
    return reaped;
  }

  private boolean isOrphan(String id, Path dir) throws IOException {
    return ownership.isOrphan(id, Files.getLastModifiedTime(dir).toInstant());
  }
}
