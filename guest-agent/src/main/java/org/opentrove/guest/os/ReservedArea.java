package org.opentrove.guest.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.opentrove.containers.MountTable;
import org.opentrove.guest.GuestConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Room inside the instance's volume that the tenant's data cannot take: an ext4 image of its own,
 * {@code <volume>/reserved.img}, its blocks allocated when it is made, loop-mounted at {@code
 * <volume>/reserved}. A datastore keeps there what must not fail for lack of space (PostgreSQL: its
 * WAL), so data filling the volume fails as a statement error while the server goes on.
 *
 * <p>The agent (root) makes it only on a new volume, and mounts it again at every start. A
 * datastore container that already runs sees it too: the volume's own mount is shared and the
 * container's bind of it a slave. The volume driver unmounts it with the volume. Not root, or a
 * data directory that is not a filesystem of its own (tests, dev without volumes): no area, and the
 * datastore keeps everything in its directory.
 */
public final class ReservedArea {
  static final String IMAGE = "reserved.img";
  static final String MOUNT_POINT = "reserved";
  private static final Logger log = LoggerFactory.getLogger(ReservedArea.class);
  private static final long MIB = 1L << 20;
  private static final long MIN_BYTES = 256 * MIB;
  private static final long MAX_BYTES = 4096 * MIB;
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

  private final Path path;

  private ReservedArea(Path path) {
    this.path = path;
  }

  /**
   * The volume's area, mounted; on a new volume ({@code newVolume}) made first.
   *
   * @throws GuestConfigException when an existing area cannot be mounted: what the datastore keeps
   *     there would be missing
   */
  public static Optional<ReservedArea> open(Path dataDir, boolean newVolume, ProcessRunner runner) {
    if (!RunAs.isRoot() || !MountTable.isMountPoint(dataDir)) {
      return Optional.empty();
    }
    Path image = dataDir.resolve(IMAGE);
    Path mountPoint = dataDir.resolve(MOUNT_POINT);
    if (MountTable.isMountPoint(mountPoint)) {
      return Optional.of(new ReservedArea(mountPoint));
    }
    try {
      if (!Files.isRegularFile(image, LinkOption.NOFOLLOW_LINKS)) {
        if (!newVolume) {
          log.info("{} has no reserved area (made before volumes had one)", dataDir);
          return Optional.empty();
        }
        if (!make(dataDir, image, runner)) {
          return Optional.empty();
        }
      }
      AgentWrites.ensureOwnDirectory(mountPoint);
      runner.runChecked(
          "mount the reserved area",
          List.of(
              "mount",
              "-t",
              "ext4",
              "-o",
              "loop,nodev,nosuid,noexec",
              image.toString(),
              mountPoint.toString()),
          dataDir,
          COMMAND_TIMEOUT);
      AgentWrites.ensureOwnDirectory(mountPoint);
      return Optional.of(new ReservedArea(mountPoint));
    } catch (IOException | ProcessFailedException e) {
      throw new GuestConfigException("cannot mount the reserved area " + image + ": " + e, e);
    }
  }

  /**
   * An eighth of the volume, at least 256 MiB (PostgreSQL's smallest WAL budget, see {@code
   * PostgresConf}) and at most 4 GiB (enough for PostgreSQL's default 1 GB max_wal_size).
   */
  static long sizeFor(long volumeBytes) {
    long eighth = volumeBytes / 8 / MIB * MIB;
    return Math.min(MAX_BYTES, Math.max(MIN_BYTES, eighth));
  }

  /**
   * Allocates the image's blocks ({@code fallocate}: the volume can then never run out under it;
   * turning an allocated block into a written one may need a block of metadata, which the volume's
   * filesystem keeps a reserve for), formats it under a temporary name and renames it. Returns
   * false, keeping the volume without an area, when the volume is too small or the host lacks the
   * tools.
   */
  private static boolean make(Path dataDir, Path image, ProcessRunner runner) throws IOException {
    long volume = Files.getFileStore(dataDir).getTotalSpace();
    long bytes = sizeFor(volume);
    if (Files.getFileStore(dataDir).getUsableSpace() < 2 * bytes) {
      log.warn(
          "{} is too small for a reserved area of {} MiB; the datastore keeps everything in it",
          dataDir,
          bytes / MIB);
      return false;
    }
    Path partial = image.resolveSibling(IMAGE + ".new");
    Files.deleteIfExists(partial);
    long began = System.nanoTime();
    Files.createFile(
        partial,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      runner.runChecked(
          "allocate the reserved area",
          List.of("fallocate", "-l", Long.toString(bytes), partial.toString()),
          dataDir,
          COMMAND_TIMEOUT);
      // nodiscard: a discard through the loop device would punch the allocated blocks out again.
      runner.runChecked(
          "mkfs.ext4 (reserved area)",
          List.of(
              "mkfs.ext4",
              "-q",
              "-F",
              "-m",
              "0",
              "-E",
              "lazy_itable_init=0,lazy_journal_init=0,nodiscard",
              partial.toString()),
          dataDir,
          COMMAND_TIMEOUT);
    } catch (ProcessFailedException e) {
      Files.deleteIfExists(partial);
      log.warn(
          "cannot make a reserved area ({}); the datastore keeps everything in {}",
          e.getMessage(),
          dataDir);
      return false;
    }
    Files.move(partial, image, StandardCopyOption.ATOMIC_MOVE);
    log.info(
        "reserved area of {} MiB made in {} ms",
        bytes / MIB,
        (System.nanoTime() - began) / 1000000);
    return true;
  }

  public Path path() {
    return path;
  }

  /** What the area's filesystem holds in all. */
  public long totalBytes() throws IOException {
    return Files.getFileStore(path).getTotalSpace();
  }
}
