package org.opentrove.activities.volume;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import org.opentrove.activities.compute.LocalComputeConfig;
import org.opentrove.activities.compute.VmDirectory;
import org.opentrove.temporal.activities.volume.VolumeActivities;
import org.opentrove.temporal.activities.volume.VolumeInfo;

/**
 * Local volumes: a directory inside the server's directory. The size is recorded, not enforced (no
 * quota on a plain directory); the Cinder driver enforces it.
 */
public class LocalVolumeActivities implements VolumeActivities {
  private final LocalComputeConfig config;

  public LocalVolumeActivities(LocalComputeConfig config) {
    this.config = config;
  }

  @Override
  public VolumeInfo createVolume(String instanceId, int sizeGb) {
    VmDirectory vm = VmDirectory.of(config.dataRoot, instanceId);
    try {
      vm.create();
      Path volume = vm.volume();
      Files.createDirectories(volume);
      Files.setPosixFilePermissions(volume, PosixFilePermissions.fromString("rwxr-xr-x"));
      return new VolumeInfo(instanceId, volume.toString(), sizeGb);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the volume of " + instanceId, e);
    }
  }

  @Override
  public void deleteVolume(String instanceId) {
    VmDirectory vm = VmDirectory.of(config.dataRoot, instanceId);
    try {
      deleteRecursively(vm.volume());
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
