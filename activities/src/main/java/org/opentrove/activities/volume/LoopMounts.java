package org.opentrove.activities.volume;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.opentrove.containers.MountTable;

/** Loop devices and mounts of image files, read from the kernel's tables and changed by tools. */
final class LoopMounts {
  private LoopMounts() {}

  /**
   * Mounts the image through a loop device the kernel frees again at unmount ({@code -o loop} sets
   * autoclear). Nothing on a volume is a device, set-uid or executable.
   */
  static void mount(Path image, Path mountPoint, VolumeFilesystem fs) {
    HostCommands.check(
        List.of(
            "mount",
            "-t",
            fs.type(),
            "-o",
            "loop,nodev,nosuid,noexec",
            image.toString(),
            mountPoint.toString()));
  }

  /**
   * Lets mounts made inside the volume later (the guest's reserved area) reach the datastore's
   * container, whose bind of the volume is a slave of it; idempotent.
   */
  static void share(Path mountPoint) {
    HostCommands.check(List.of("mount", "--make-shared", mountPoint.toString()));
  }

  /** Unmounts; a mount still busy is detached lazily (the kernel finishes when it is released). */
  static void unmount(Path mountPoint) {
    HostCommands.Result result = HostCommands.run(List.of("umount", mountPoint.toString()));
    if (!result.ok() && MountTable.isMountPoint(mountPoint)) {
      HostCommands.check(List.of("umount", "-l", mountPoint.toString()));
    }
  }

  /** The loop devices backed by this image ({@code losetup -j}), e.g. {@code /dev/loop3}. */
  static List<String> devicesOf(Path image) {
    if (!Files.exists(image)) {
      return List.of();
    }
    List<String> devices = new ArrayList<>();
    for (String line : HostCommands.check(List.of("losetup", "-j", image.toString())).split("\n")) {
      int colon = line.indexOf(':');
      if (colon > 0) {
        devices.add(line.substring(0, colon));
      }
    }
    return devices;
  }

  static Optional<String> deviceOf(Path image) {
    return devicesOf(image).stream().findFirst();
  }

  /** Detaches every loop device still backed by the image (a lazy unmount leaves one). */
  static void detach(Path image) {
    for (String device : devicesOf(image)) {
      HostCommands.Result result = HostCommands.run(List.of("losetup", "-d", device));
      if (!result.ok() && devicesOf(image).contains(device)) {
        throw new HostCommands.VolumeCommandException("losetup -d " + device, result);
      }
    }
  }

  /** Tells the loop device its image grew ({@code losetup -c}). */
  static void refreshSize(String device) {
    HostCommands.check(List.of("losetup", "-c", device));
  }

  /** Gives the image file {@code bytes} of real blocks, so the host cannot run out under it. */
  static void allocate(Path image, long bytes) {
    HostCommands.check(List.of("fallocate", "-l", Long.toString(bytes), image.toString()));
  }
}
