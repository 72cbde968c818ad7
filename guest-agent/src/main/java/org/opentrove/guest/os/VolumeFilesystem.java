package org.opentrove.guest.os;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opentrove.containers.MountTable;
import org.opentrove.containers.MountTable.Mount;
import org.opentrove.containers.OnlineGrow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The filesystem on the instance's volume, grown online to its device once the volume grew under
 * the running server (a Cinder extend: the server sees a bigger disk, a little after Cinder says it
 * is done, and its filesystem stays as it was). Where the host grew it already (the local driver),
 * growing again changes nothing.
 */
public final class VolumeFilesystem {
  private static final Logger log = LoggerFactory.getLogger(VolumeFilesystem.class);
  private static final long GIB = 1L << 30;
  private static final Duration TIMEOUT = Duration.ofMinutes(10);

  private final Path dataDir;
  private final ProcessRunner runner;
  private final Duration deviceWait;

  public VolumeFilesystem(Path dataDir, ProcessRunner runner, Duration deviceWait) {
    this.dataDir = dataDir;
    this.runner = runner;
    this.deviceWait = deviceWait;
  }

  /**
   * Grows it if the agent may (root, the data directory a device of its own) once the device has
   * {@code sizeGb}; answers the filesystem's size.
   */
  public Map<String, Object> grow(int sizeGb) {
    Optional<Mount> mount = MountTable.mountAt(dataDir);
    Optional<List<String>> grow =
        mount.flatMap(m -> OnlineGrow.command(m.type(), m.source(), dataDir));
    if (grow.isPresent() && RunAs.isRoot() && mount.get().source().startsWith("/dev/")) {
      awaitDeviceSize(mount.get().source(), sizeGb * GIB);
      runner.runChecked("grow the volume's filesystem", grow.get(), dataDir, TIMEOUT);
    } else {
      log.info("{} is not a volume this agent grows; its size is the host's", dataDir);
    }
    try {
      long size = Files.getFileStore(dataDir).getTotalSpace();
      log.info("the filesystem of {} has {} bytes", dataDir, size);
      return Map.of("size_bytes", size);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the size of " + dataDir, e);
    }
  }

  private void awaitDeviceSize(String device, long bytes) {
    long deadline = System.nanoTime() + deviceWait.toNanos();
    long seen = deviceBytes(device);
    while (seen < bytes) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            device + " has " + seen + " bytes, not the " + bytes + " the volume grew to");
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + device + " to grow", e);
      }
      seen = deviceBytes(device);
    }
  }

  /** The kernel's size of the block device, in 512-byte sectors whatever the device's own. */
  private static long deviceBytes(String device) {
    try {
      String name = Path.of(device).toRealPath().getFileName().toString();
      return Long.parseLong(Files.readString(Path.of("/sys/class/block", name, "size")).trim())
          * 512;
    } catch (IOException | NumberFormatException e) {
      throw new IllegalStateException("cannot read the size of " + device + ": " + e, e);
    }
  }
}
