package org.opentrove.containers;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How a mounted filesystem grows in place to the size of its (already grown) device: the host's
 * volume driver and a guest on its own server both grow volumes this way. A grown one is left as it
 * is.
 */
public final class OnlineGrow {
  private OnlineGrow() {}

  /** The command for a filesystem of {@code type} ({@code mount -t}'s name), if it can grow. */
  public static Optional<List<String>> command(String type, String device, Path mountPoint) {
    return switch (type) {
      case "xfs" -> Optional.of(List.of("xfs_growfs", mountPoint.toString()));
      case "ext4", "ext3" -> Optional.of(List.of("resize2fs", device));
      default -> Optional.empty();
    };
  }
}
