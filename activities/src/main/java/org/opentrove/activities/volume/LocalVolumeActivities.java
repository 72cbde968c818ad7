package org.opentrove.activities.volume;

import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.opentrove.activities.compute.LocalComputeConfig;
import org.opentrove.activities.compute.VmDirectory;
import org.opentrove.containers.MountTable;
import org.opentrove.temporal.NonRetryable;
import org.opentrove.temporal.activities.volume.VolumeActivities;
import org.opentrove.temporal.activities.volume.VolumeInfo;

/**
 * Local volumes: each instance's volume is an image file of exactly its size ({@code volume.img} in
 * the server's directory, its blocks allocated), holding a filesystem loop-mounted at {@code
 * volume/}. Writing past the size fails with ENOSPC inside the instance, and the host's disk is
 * safe from it.
 *
 * <p>Each step can be retried after a crash: the image is formatted under a temporary name and
 * renamed, so {@code volume.img} always holds a filesystem; a mounted volume is never made again.
 */
public class LocalVolumeActivities implements VolumeActivities {
  private static final long GIB = 1L << 30;

  private final LocalComputeConfig config;
  private final VolumeFilesystem filesystem;

  public LocalVolumeActivities(LocalComputeConfig config) {
    this.config = config;
    this.filesystem = VolumeFilesystem.named(config.volumeFilesystem);
  }

  @Override
  public VolumeInfo createVolume(String instanceId, int sizeGb, String volumeType) {
    if (volumeType != null) {
      // The API refuses a type here (this driver lists none); a request that got past it anyway.
      throw ApplicationFailure.newNonRetryableFailure(
          "local volumes have no volume types; " + volumeType + " was asked for",
          NonRetryable.INVALID_REQUEST);
    }
    VmDirectory vm = VmDirectory.of(config.dataRoot, instanceId);
    Path image = vm.volumeImage();
    Path mountPoint = vm.volume();
    try {
      vm.create();
      if (!MountTable.isMountPoint(mountPoint)) {
        if (!Files.exists(image)) {
          makeImage(image, sizeGb * GIB);
        }
        Files.createDirectories(mountPoint);
        LoopMounts.mount(image, mountPoint, filesystem);
      }
      LoopMounts.share(mountPoint);
      Files.setPosixFilePermissions(mountPoint, PosixFilePermissions.fromString("rwxr-xr-x"));
      return new VolumeInfo(instanceId, mountPoint.toString(), sizeGb);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the volume of " + instanceId, e);
    }
  }

  private void makeImage(Path image, long bytes) throws IOException {
    Path partial = image.resolveSibling(image.getFileName() + ".new");
    Files.deleteIfExists(partial);
    Files.createFile(
        partial,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      LoopMounts.allocate(partial, bytes);
    } catch (HostCommands.VolumeCommandException e) {
      Files.deleteIfExists(partial);
      throw ApplicationFailure.newNonRetryableFailure(
          "no room on the host for a volume of " + bytes / GIB + " GB: " + e.getMessage(),
          NonRetryable.NO_CAPACITY);
    }
    HostCommands.check(filesystem.mkfs(partial));
    Files.move(partial, image, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public VolumeInfo growVolume(String instanceId, int newSizeGb) {
    VmDirectory vm = VmDirectory.of(config.dataRoot, instanceId);
    String device = growDisk(instanceId, newSizeGb);
    HostCommands.check(filesystem.grow(device, vm.volume()));
    return new VolumeInfo(instanceId, vm.volume().toString(), newSizeGb);
  }

  /**
   * Grows the volume's device and not its filesystem, as a hypervisor does when Cinder extends an
   * attached volume (the Nova boot shim; the guest grows the filesystem). Answers the device.
   */
  public String growDisk(String instanceId, int newSizeGb) {
    VmDirectory vm = VmDirectory.of(config.dataRoot, instanceId);
    Path image = vm.volumeImage();
    Path mountPoint = vm.volume();
    try {
      Optional<String> device = LoopMounts.deviceOf(image);
      if (device.isEmpty() || !MountTable.isMountPoint(mountPoint)) {
        throw ApplicationFailure.newNonRetryableFailure(
            "the volume of " + instanceId + " is not mounted", NonRetryable.INVALID_REQUEST);
      }
      long current = Files.size(image);
      long wanted = newSizeGb * GIB;
      if (wanted < current) {
        throw ApplicationFailure.newNonRetryableFailure(
            "a volume cannot shrink: "
                + instanceId
                + " has "
                + current / GIB
                + " GB, asked for "
                + newSizeGb,
            NonRetryable.INVALID_REQUEST);
      }
      LoopMounts.allocate(image, wanted);
      LoopMounts.refreshSize(device.get());
      return device.get();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot grow the volume of " + instanceId, e);
    }
  }

  /**
   * Unmounts what the guest mounted inside the volume (its reserved area, an image on the volume),
   * then the volume (lazily if the datastore still holds files open: the delete workflow stops the
   * server first, so only a straggler can), frees the loop device and removes the image.
   */
  @Override
  public void deleteVolume(String instanceId) {
    VmDirectory vm = VmDirectory.of(config.dataRoot, instanceId);
    Path image = vm.volumeImage();
    Path mountPoint = vm.volume();
    try {
      for (Path inside : MountTable.mountsUnder(mountPoint)) {
        LoopMounts.unmount(inside);
      }
      if (MountTable.isMountPoint(mountPoint)) {
        LoopMounts.unmount(mountPoint);
      }
      LoopMounts.detach(image);
      Files.deleteIfExists(image);
      Files.deleteIfExists(image.resolveSibling(image.getFileName() + ".new"));
      if (!MountTable.isMountPoint(mountPoint)) {
        deleteRecursively(mountPoint);
      }
      vm.removeIfEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the volume of " + instanceId, e);
    }
  }

  static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
            Files.deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
