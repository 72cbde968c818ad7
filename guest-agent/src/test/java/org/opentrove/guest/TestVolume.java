package org.opentrove.guest;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.opentrove.containers.MountTable;
import org.opentrove.guest.os.RunAs;

/**
 * A volume as the local volume driver makes one: an XFS image loop-mounted at {@code <dir>/volume}
 * (sparse here: the tests write little). Needs root and loop devices, as the driver does.
 */
public final class TestVolume implements AutoCloseable {
  private final Path image;
  private final Path mountPoint;

  private TestVolume(Path image, Path mountPoint) {
    this.image = image;
    this.mountPoint = mountPoint;
  }

  public static TestVolume mount(Path dir, String name) throws IOException {
    assumeTrue(RunAs.isRoot(), "a real volume needs root");
    Path image = dir.resolve(name + ".img");
    Path mountPoint = Files.createDirectory(dir.resolve(name));
    run("truncate", "-s", "1G", image.toString());
    run("mkfs.xfs", "-q", image.toString());
    run("mount", "-t", "xfs", "-o", "loop", image.toString(), mountPoint.toString());
    Files.setPosixFilePermissions(mountPoint, PosixFilePermissions.fromString("rwx--x--x"));
    return new TestVolume(image, mountPoint);
  }

  public Path path() {
    return mountPoint;
  }

  /** Unmounts what the agent mounted inside, then the volume; removes the image. */
  @Override
  public void close() throws IOException {
    Path reserved = mountPoint.resolve("reserved");
    if (MountTable.isMountPoint(reserved)) {
      run("umount", reserved.toString());
    }
    if (MountTable.isMountPoint(mountPoint)) {
      run("umount", mountPoint.toString());
    }
    Files.deleteIfExists(image);
  }

  private static void run(String... command) throws IOException {
    Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException(
            String.join(" ", command)
                + " failed: "
                + new String(process.getInputStream().readAllBytes()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
