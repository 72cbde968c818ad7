package org.opentrove.activities.compute;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.activities.bus.GuestBusAccess;
import org.opentrove.activities.volume.LocalVolumeActivities;
import org.opentrove.contract.rpc.GuestRpcClient;
import org.opentrove.store.InstanceDao;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes local servers no instance owns: a server directory whose instance is deleted, or that no
 * instance row names and that is older than the grace period (a create still committing its row is
 * younger). Its processes, volume, guest queue and broker identity go with it.
 */
public final class LocalOrphanReaper {
  private static final Logger LOG = LoggerFactory.getLogger(LocalOrphanReaper.class);

  private final LocalComputeConfig config;
  private final Jdbi jdbi;
  private final LocalComputeActivities compute;
  private final LocalVolumeActivities volumes;
  private final GuestRpcClient rpc;
  private final GuestBusAccess access;
  private final Clock clock;
  private final Duration grace;

  public LocalOrphanReaper(
      LocalComputeConfig config,
      Jdbi jdbi,
      LocalComputeActivities compute,
      LocalVolumeActivities volumes,
      GuestRpcClient rpc,
      GuestBusAccess access,
      Clock clock,
      Duration grace) {
    this.config = config;
    this.jdbi = jdbi;
    this.compute = compute;
    this.volumes = volumes;
    this.rpc = rpc;
    this.access = access;
    this.clock = clock;
    this.grace = grace;
  }

  /** One pass; returns the instance ids whose leftovers it removed. */
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
    UUID uuid;
    try {
      uuid = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      return false; // not ours
    }
    Optional<Boolean> deleted = jdbi.withExtension(InstanceDao.class, dao -> dao.deletedFlag(uuid));
    if (deleted.isPresent()) {
      return deleted.get();
    }
    FileTime modified = Files.getLastModifiedTime(dir);
    return modified.toInstant().isBefore(clock.instant().minus(grace));
  }
}
