package org.opentrove.guest.os;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes a directory tree the datastore's user owns (a half-made data directory, a work
 * directory). The agent is root and the tenant may swap any directory in that tree for a symbolic
 * link while it is being removed, so every step goes through directory handles ({@code openat},
 * {@code unlinkat}) and never follows a link: a link is removed, not what it points at.
 */
public final class FileTrees {
  private FileTrees() {}

  /**
   * Removes {@code root} and everything under it; its parent must be a directory of the agent's.
   */
  public static void delete(Path root) throws IOException {
    Path parent = root.toAbsolutePath().getParent();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(parent)) {
      if (!(stream instanceof SecureDirectoryStream<Path> secure)) {
        throw new IOException("this platform cannot remove " + root + " without following links");
      }
      deleteEntry(secure, root.getFileName());
    }
  }

  private static void deleteEntry(SecureDirectoryStream<Path> dir, Path name) throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes =
          dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
              .readAttributes();
    } catch (NoSuchFileException e) {
      return;
    }
    if (!attributes.isDirectory()) {
      try {
        dir.deleteFile(name);
      } catch (NoSuchFileException e) {
        // gone already
      }
      return;
    }
    // O_NOFOLLOW: a directory swapped for a link since it was looked at fails here.
    try (SecureDirectoryStream<Path> child =
        dir.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
      List<Path> entries = new ArrayList<>();
      for (Path entry : child) {
        entries.add(entry.getFileName());
      }
      for (Path entry : entries) {
        deleteEntry(child, entry);
      }
    }
    try {
      dir.deleteDirectory(name);
    } catch (NoSuchFileException e) {
      // gone already
    }
  }
}
