package org.opentrove.activities.volume;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.opentrove.containers.OnlineGrow;

/**
 * The filesystem made on a volume's image, and how it grows while mounted. XFS is the default
 * because growing it online needs only the capability mounting needs already (CAP_SYS_ADMIN);
 * growing ext4 online needs CAP_SYS_RESOURCE too, which containers often drop.
 */
public enum VolumeFilesystem {
  XFS("xfsprogs") {
    @Override
    List<String> mkfs(Path image) {
      return List.of("mkfs.xfs", "-q", image.toString());
    }
  },
  EXT4("e2fsprogs") {
    /** No root reserve (the datastore is the only user) and no lazy init left to run later. */
    @Override
    List<String> mkfs(Path image) {
      return List.of(
          "mkfs.ext4",
          "-q",
          "-F",
          "-m",
          "0",
          "-E",
          "lazy_itable_init=0,lazy_journal_init=0",
          image.toString());
    }
  };

  private final String debianPackage;

  VolumeFilesystem(String debianPackage) {
    this.debianPackage = debianPackage;
  }

  abstract List<String> mkfs(Path image);

  /** Grows the mounted filesystem to the size of its (already grown) loop device. */
  List<String> grow(String loopDevice, Path mountPoint) {
    return OnlineGrow.command(type(), loopDevice, mountPoint).orElseThrow();
  }

  /** The type name {@code mount -t} takes. */
  String type() {
    return name().toLowerCase(Locale.ROOT);
  }

  String debianPackage() {
    return debianPackage;
  }

  /** Reads {@code compute.local.volumeFilesystem}. */
  public static VolumeFilesystem named(String name) {
    for (VolumeFilesystem fs : values()) {
      if (fs.type().equalsIgnoreCase(name.strip())) {
        return fs;
      }
    }
    throw new IllegalArgumentException(
        "compute.local.volumeFilesystem must be xfs or ext4, not '" + name + "'");
  }
}
