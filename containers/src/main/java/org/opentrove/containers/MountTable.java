package org.opentrove.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the kernel says is mounted, read from {@code /proc/self/mountinfo}: the volumes the compute
 * driver mounts and binds into datastore containers, and what the guest mounts inside them.
 */
public final class MountTable {
  private static final Path MOUNT_INFO = Path.of("/proc/self/mountinfo");

  private MountTable() {}

  /** Whether a filesystem is mounted exactly at {@code path}. */
  public static boolean isMountPoint(Path path) {
    return mountPoints().contains(path.toAbsolutePath().normalize());
  }

  /**
   * What is mounted strictly below {@code path} (the guest's reserved area inside a volume),
   * deepest first, so each can be unmounted before what holds it.
   */
  public static List<Path> mountsUnder(Path path) {
    Path top = path.toAbsolutePath().normalize();
    List<Path> inside = new ArrayList<>();
    for (Path target : mountPoints()) {
      if (target.startsWith(top) && !target.equals(top)) {
        inside.add(target);
      }
    }
    inside.sort(Comparator.comparingInt(Path::getNameCount).reversed());
    return inside;
  }

  /** What is mounted at a path: its source (a device) and filesystem type. */
  public record Mount(String source, String type) {}

  /** What is mounted exactly at {@code path}, if anything (the last mount there, which shows). */
  public static java.util.Optional<Mount> mountAt(Path path) {
    Path target = path.toAbsolutePath().normalize();
    try {
      java.util.Optional<Mount> mount = java.util.Optional.empty();
      for (String line : Files.readAllLines(MOUNT_INFO)) {
        String[] fields = line.split(" ");
        int separator = java.util.Arrays.asList(fields).indexOf("-");
        if (fields.length > 4
            && separator > 0
            && separator + 2 < fields.length
            && Path.of(unescape(fields[4])).equals(target)) {
          mount =
              java.util.Optional.of(
                  new Mount(unescape(fields[separator + 2]), fields[separator + 1]));
        }
      }
      return mount;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + MOUNT_INFO, e);
    }
  }

  private static List<Path> mountPoints() {
    try {
      List<Path> targets = new ArrayList<>();
      for (String line : Files.readAllLines(MOUNT_INFO)) {
        String[] fields = line.split(" ");
        if (fields.length > 4) {
          targets.add(Path.of(unescape(fields[4])));
        }
      }
      return targets;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + MOUNT_INFO, e);
    }
  }

  /** The mount table escapes space, tab, newline and backslash as octal. */
  private static String unescape(String field) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 3 < field.length()) {
        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
        i += 3;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
