package org.opentrove.guest.os;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the kernel says is mounted, read from {@code /proc/self/mountinfo}. */
public final class MountTable {
  private static final Path MOUNT_INFO = Path.of("/proc/self/mountinfo");

  private MountTable() {}

  /** Whether a filesystem is mounted exactly at {@code path}. */
  public static boolean isMountPoint(Path path) {
    String target = path.toAbsolutePath().normalize().toString();
    try {
      for (String line : Files.readAllLines(MOUNT_INFO)) {
        String[] fields = line.split(" ");
        if (fields.length > 4 && unescape(fields[4]).equals(target)) {
          return true;
        }
      }
      return false;
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
