package org.opentrove.guest.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentrove.containers.MountTable;

/**
 * Real loop-mounted volumes whose device grows under the mounted filesystem, as a Cinder extend
 * makes it grow under a server: XFS (the guest image's and the local driver's volumes) and ext4 (an
 * image of the operator's own).
 */
class VolumeFilesystemTest {
  private static final long GIB = 1L << 30;
  private Path dir;
  private Path mountPoint;

  @BeforeEach
  void dir() throws IOException {
    assumeTrue(RunAs.isRoot(), "growing a mounted filesystem needs root");
    dir = Files.createTempDirectory("volume-fs-");
    mountPoint = Files.createDirectory(dir.resolve("data"));
  }

  @AfterEach
  void clean() throws Exception {
    if (dir != null) {
      if (MountTable.isMountPoint(mountPoint)) {
        run("umount", mountPoint.toString());
      }
      run("rm", "-rf", dir.toString());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ext4", "xfs"})
  void growsTheFilesystemOnceTheDeviceShowsTheNewSize(String type) throws Exception {
    assumeTrue(
        !type.equals("ext4") || hasCapability(CAP_SYS_RESOURCE),
        "growing a mounted ext4 needs CAP_SYS_RESOURCE, which this machine's root lacks");
    Path image = mount(type);
    String device = MountTable.mountAt(mountPoint).orElseThrow().source();
    VolumeFilesystem filesystem =
        new VolumeFilesystem(mountPoint, new ProcessRunner(), Duration.ofSeconds(30));

    CompletableFuture<Object> grown =
        CompletableFuture.supplyAsync(() -> filesystem.grow(2).get("size_bytes"));
    Thread.sleep(1500); // the device grows a little after the call, as a hypervisor shows it
    assertThat(grown).as("it waits for the device").isNotDone();
    run("truncate", "-s", "2G", image.toString());
    run("losetup", "-c", device);

    assertThat((Long) grown.get(60, TimeUnit.SECONDS)).isGreaterThan(19 * GIB / 10);
    assertThat(Files.getFileStore(mountPoint).getTotalSpace()).isGreaterThan(19 * GIB / 10);
    assertThat((Long) filesystem.grow(2).get("size_bytes"))
        .as("growing a grown filesystem changes nothing")
        .isEqualTo(Files.getFileStore(mountPoint).getTotalSpace());
  }

  @ParameterizedTest
  @ValueSource(strings = {"xfs"})
  void aDeviceThatNeverGrowsFailsTheCallAndLeavesTheFilesystem(String type) throws Exception {
    mount(type);
    long before = Files.getFileStore(mountPoint).getTotalSpace();
    VolumeFilesystem filesystem =
        new VolumeFilesystem(mountPoint, new ProcessRunner(), Duration.ofSeconds(2));

    assertThatThrownBy(() -> filesystem.grow(2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not the 2147483648 the volume grew to");
    assertThat(Files.getFileStore(mountPoint).getTotalSpace()).isEqualTo(before);
  }

  private static final int CAP_SYS_RESOURCE = 24;

  private static boolean hasCapability(int bit) throws IOException {
    String effective =
        Files.readAllLines(Path.of("/proc/self/status")).stream()
            .filter(line -> line.startsWith("CapEff:"))
            .findFirst()
            .orElseThrow()
            .substring("CapEff:".length())
            .trim();
    return (Long.parseUnsignedLong(effective, 16) & (1L << bit)) != 0;
  }

  private Path mount(String type) throws Exception {
    Path image = dir.resolve("volume.img");
    run("truncate", "-s", "1G", image.toString());
    run(
        type.equals("xfs")
            ? List.of("mkfs.xfs", "-q", image.toString())
            : List.of("mkfs.ext4", "-q", image.toString()));
    run("mount", "-o", "loop", image.toString(), mountPoint.toString());
    return image;
  }

  private static void run(String... command) throws Exception {
    run(List.of(command));
  }

  private static void run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(command + " failed: " + output);
    }
  }
}
