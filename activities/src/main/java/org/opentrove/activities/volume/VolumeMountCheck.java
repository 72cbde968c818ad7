package org.opentrove.activities.volume;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.opentrove.activities.compute.LocalComputeConfig;
import org.opentrove.containers.MountTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves at start that this machine can give instances real volumes, by doing it once: a small
 * image under the data root is formatted, loop-mounted, written, grown online and removed. A
 * machine that cannot (not root, no loop devices, a missing tool, a refused mount) is told why and
 * what to do, before any instance is created on it.
 */
public final class VolumeMountCheck {
  private static final Logger LOG = LoggerFactory.getLogger(VolumeMountCheck.class);

  /** XFS refuses filesystems under 300 MB; the image is sparse here, so the size costs nothing. */
  private static final long CHECK_BYTES = 320L << 20;

  /** Data roots and filesystems this process proved already (dev mode checks before its worker). */
  private static final Set<String> VERIFIED = ConcurrentHashMap.newKeySet();

  private VolumeMountCheck() {}

  /** Throws {@link IllegalStateException} with the reason and the remedy when volumes fail. */
  public static void verify(LocalComputeConfig config) {
    VolumeFilesystem filesystem = VolumeFilesystem.named(config.volumeFilesystem);
    String key = Path.of(config.dataRoot).toAbsolutePath() + ":" + filesystem;
    if (VERIFIED.contains(key)) {
      return;
    }
    check(config, filesystem);
    VERIFIED.add(key);
    LOG.info("volumes: loop-mounted {} images under {}", filesystem.type(), config.dataRoot);
  }

  private static void check(LocalComputeConfig config, VolumeFilesystem filesystem) {
    Path dir = Path.of(config.dataRoot, ".volume-check-" + ProcessHandle.current().pid());
    Path image = dir.resolve("check.img");
    Path mountPoint = dir.resolve("mnt");
    String step = "preparing " + dir;
    try {
      Files.createDirectories(mountPoint);
      Files.deleteIfExists(image);
      step = "making an image file";
      HostCommands.check(List.of("truncate", "-s", Long.toString(CHECK_BYTES), image.toString()));
      step = "formatting it as " + filesystem.type();
      HostCommands.check(filesystem.mkfs(image));
      step = "loop-mounting it";
      LoopMounts.mount(image, mountPoint, filesystem);
      step = "writing to it";
      Files.writeString(mountPoint.resolve("probe"), "ok");
      step = "growing it online";
      String device =
          LoopMounts.deviceOf(image).orElseThrow(() -> new IllegalStateException("no loop device"));
      HostCommands.check(
          List.of("truncate", "-s", Long.toString(2 * CHECK_BYTES), image.toString()));
      LoopMounts.refreshSize(device);
      HostCommands.check(filesystem.grow(device, mountPoint));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(refusal(filesystem, step, e), e);
    } finally {
      cleanUp(image, mountPoint, dir);
    }
  }

  private static String refusal(VolumeFilesystem filesystem, String step, Exception cause) {
    String reason =
        cause instanceof UncheckedIOException u ? u.getCause().toString() : cause.getMessage();
    return "The local volume driver cannot give instances volumes on this machine: "
        + step
        + " failed: "
        + reason
        + ". Each instance's volume is a loop-mounted "
        + filesystem.type()
        + " image, so the worker must run as root (or with CAP_SYS_ADMIN"
        + (filesystem == VolumeFilesystem.EXT4 ? " and CAP_SYS_RESOURCE" : "")
        + "), with loop devices available (modprobe loop; /dev/loop-control), and "
        + filesystem.debianPackage()
        + " installed (apt-get install "
        + filesystem.debianPackage()
        + ")"
        + (filesystem == VolumeFilesystem.EXT4
            ? "; or set compute.local.volumeFilesystem: xfs, which grows online without"
                + " CAP_SYS_RESOURCE"
            : "")
        + ".";
  }

  private static void cleanUp(Path image, Path mountPoint, Path dir) {
    try {
      if (MountTable.isMountPoint(mountPoint)) {
        LoopMounts.unmount(mountPoint);
      }
      LoopMounts.detach(image);
      LocalVolumeActivities.deleteRecursively(dir);
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot remove the volume check under {}: {}", dir, e.toString());
    }
  }
}
