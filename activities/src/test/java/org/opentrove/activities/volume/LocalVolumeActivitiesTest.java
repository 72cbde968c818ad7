package org.opentrove.activities.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentrove.activities.compute.LocalComputeConfig;
import org.opentrove.containers.MountTable;
import org.opentrove.temporal.activities.volume.VolumeInfo;

/** Real loop mounts: the test command runs as root on a machine with loop devices. */
class LocalVolumeActivitiesTest {
  private static final long GIB = 1L << 30;

  private final String instanceId = UUID.randomUUID().toString();
  private Path root;
  private LocalComputeConfig config;
  private LocalVolumeActivities volumes;

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createTempDirectory("volumes-");
    config = new LocalComputeConfig();
    config.dataRoot = root.toString();
    volumes = new LocalVolumeActivities(config);
  }

  @AfterEach
  void tearDown() throws IOException {
    volumes.deleteVolume(instanceId);
    LocalVolumeActivities.deleteRecursively(root);
  }

  @Test
  void aVolumeIsAFilesystemOfItsSizeThatRefusesWritesPastItAndGrowsOnline() throws IOException {
    VolumeInfo volume = volumes.createVolume(instanceId, 1, null);
    Path mount = Path.of(volume.path());
    FileStore store = Files.getFileStore(mount);
    assertThat(MountTable.isMountPoint(mount)).isTrue();
    assertThat(store.getTotalSpace()).isBetween(GIB * 85 / 100, GIB);
    assertThat(Files.getPosixFilePermissions(mount))
        .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));

    Path kept = mount.resolve("kept");
    Files.writeString(kept, "data written before the volume filled");
    assertThatThrownBy(() -> fill(mount.resolve("filler")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("No space left on device");
    long filled = Files.size(mount.resolve("filler"));
    assertThat(filled).isBetween(GIB * 85 / 100, GIB);

    // A retried create finds the mounted volume: nothing is made again, nothing lost.
    volumes.createVolume(instanceId, 1, null);
    assertThat(Files.size(mount.resolve("filler"))).isEqualTo(filled);

    // Growing while a file on it stays open, as a datastore's would.
    try (OutputStream open = Files.newOutputStream(mount.resolve("open"))) {
      volumes.growVolume(instanceId, 2);
      open.write(new byte[1 << 20]);
    }
    assertThat(Files.getFileStore(mount).getTotalSpace()).isBetween(GIB * 185 / 100, 2 * GIB);
    assertThat(Files.readString(kept)).isEqualTo("data written before the volume filled");
    assertThat(Files.size(mount.resolve("filler"))).isEqualTo(filled);
    Files.write(mount.resolve("after-growth"), new byte[64 << 20]);

    // Growing to the size it has is a retry; shrinking is refused.
    volumes.growVolume(instanceId, 2);
    assertThatThrownBy(() -> volumes.growVolume(instanceId, 1))
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("cannot shrink");
  }

  @Test
  void deleteLeavesNoMountNoLoopDeviceAndNoImageAndCanRunTwice() throws IOException {
    VolumeInfo volume = volumes.createVolume(instanceId, 1, null);
    Path mount = Path.of(volume.path());
    Path image = mount.resolveSibling("volume.img");
    assertThat(LoopMounts.devicesOf(image)).hasSize(1);
    // The guest mounts its reserved area, an image on the volume, inside the volume.
    Path inner = mount.resolve("reserved.img");
    Path innerMount = Files.createDirectory(mount.resolve("reserved"));
    HostCommands.check(java.util.List.of("truncate", "-s", "32M", inner.toString()));
    HostCommands.check(java.util.List.of("mkfs.ext4", "-q", "-F", inner.toString()));
    HostCommands.check(
        java.util.List.of("mount", "-o", "loop", inner.toString(), innerMount.toString()));
    assertThat(MountTable.mountsUnder(mount)).containsExactly(innerMount);
    try (OutputStream busy =
        Files.newOutputStream(mount.resolve("busy"), StandardOpenOption.CREATE)) {
      // A straggler still holding a file: the unmount is lazy, the rest goes anyway.
      volumes.deleteVolume(instanceId);
    }
    assertThat(MountTable.isMountPoint(mount)).isFalse();
    assertThat(MountTable.isMountPoint(innerMount)).isFalse();
    assertThat(image).doesNotExist();
    assertThat(mount.getParent()).doesNotExist();
    assertThat(HostCommands.check(java.util.List.of("losetup", "-a")))
        .doesNotContain(image.toString())
        .doesNotContain(inner.toString());
    volumes.deleteVolume(instanceId);
  }

  @Test
  void aCreateInterruptedBeforeItsMountFinishesOnRetry() throws IOException {
    Path serverDir = root.resolve(instanceId);
    Files.createDirectories(serverDir);
    Files.writeString(serverDir.resolve("volume.img.new"), "a crash left this half made");
    VolumeInfo volume = volumes.createVolume(instanceId, 1, null);
    assertThat(MountTable.isMountPoint(Path.of(volume.path()))).isTrue();
    assertThat(serverDir.resolve("volume.img.new")).doesNotExist();

    LoopMounts.unmount(Path.of(volume.path()));
    Files.writeString(serverDir.resolve("volume").resolve("unmounted"), "x");
    Files.delete(serverDir.resolve("volume").resolve("unmounted"));
    VolumeInfo again = volumes.createVolume(instanceId, 1, null);
    assertThat(MountTable.isMountPoint(Path.of(again.path()))).isTrue();
  }

  @Test
  void ext4VolumesEnforceTheirSizeToo() throws IOException {
    config.volumeFilesystem = "ext4";
    volumes = new LocalVolumeActivities(config);
    Path mount = Path.of(volumes.createVolume(instanceId, 1, null).path());
    assertThat(Files.getFileStore(mount).type()).isEqualTo("ext4");
    assertThatThrownBy(() -> fill(mount.resolve("filler")))
        .hasMessageContaining("No space left on device");
  }

  @Test
  void theStartCheckPassesHereAndLeavesNothingMounted() throws IOException {
    VolumeMountCheck.verify(config);
    try (var entries = Files.list(root)) {
      assertThat(entries).isEmpty();
    }
  }

  @Test
  void theStartCheckRefusesWithTheReasonAndTheRemedy() {
    config.dataRoot = "/proc/opentrove-cannot-be-here";
    assertThatThrownBy(() -> VolumeMountCheck.verify(config))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot give instances volumes on this machine")
        .hasMessageContaining("run as root");
  }

  private static void fill(Path file) throws IOException {
    byte[] block = new byte[8 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0; written < 2 * GIB; written += block.length) {
        out.write(block);
      }
    }
  }
}
