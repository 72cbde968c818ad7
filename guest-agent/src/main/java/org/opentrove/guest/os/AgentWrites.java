package org.opentrove.guest.os;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;
import java.util.UUID;

/**
 * How the agent, running as root, writes and reads files in the instance's volume, where the
 * tenant's OS user may have put a symbolic link (or a FIFO) in place of a file it expects. A write
 * goes to a new file ({@code O_CREAT|O_EXCL}, which never follows a link) and is renamed over the
 * name, which replaces a link rather than writing through it; a read opens with {@code O_NOFOLLOW}
 * and takes only a regular file. The directory written to must be one whose own name the tenant
 * cannot change: the volume's top (root's) or a directory directly in it.
 */
public final class AgentWrites {
  private static final int MAX_READ = 4 * 1024 * 1024;
  private static final Set<PosixFilePermission> READABLE =
      PosixFilePermissions.fromString("rw-r--r--");

  private AgentWrites() {}

  /** Replaces {@code file} with {@code text} (0644). */
  public static Path replace(Path file, String text) throws IOException {
    return replace(file, text, READABLE);
  }

  /** Replaces {@code file} with {@code text}, created with {@code permissions}. */
  public static Path replace(Path file, String text, Set<PosixFilePermission> permissions)
      throws IOException {
    Path temp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (SeekableByteChannel channel =
          Files.newByteChannel(
              temp,
              Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              PosixFilePermissions.asFileAttribute(permissions))) {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
    return file;
  }

  /** An empty marker file. */
  public static Path mark(Path file) throws IOException {
    return replace(file, "");
  }

  /**
   * The text of a regular file, without following a link at its name; a link, FIFO or other
   * non-file there is an error (a FIFO would block the agent).
   */
  public static String read(Path file) throws IOException {
    BasicFileAttributes attributes =
        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attributes.isRegularFile()) {
      throw new IOException(file + " is not a regular file");
    }
    OpenOption[] options = {StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS};
    try (InputStream in = Channels.newInputStream(Files.newByteChannel(file, options))) {
      byte[] bytes = in.readNBytes(MAX_READ + 1);
      if (bytes.length > MAX_READ) {
        throw new IOException(file + " is larger than " + MAX_READ + " bytes");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** Whether {@code file} is a regular file itself (a link to one does not count). */
  public static boolean isFile(Path file) {
    return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Makes {@code file} an existing regular file (for a log a datastore appends to), removing a link
   * or anything else found at its name.
   */
  public static Path ensureFile(Path file) throws IOException {
    if (isFile(file)) {
      return file;
    }
    if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
      FileTrees.delete(file);
    } else {
      try {
        Files.delete(file);
      } catch (NoSuchFileException e) {
        // nothing there
      }
    }
    Files.newByteChannel(
            file,
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
        .close();
    return file;
  }

  /**
   * Makes {@code dir} a real directory (not a link), created with 0700 when missing; a link or file
   * at its name is removed first.
   */
  public static Path ensureDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return dir;
    }
    try {
      Files.delete(dir);
    } catch (NoSuchFileException e) {
      // nothing there
    }
    return Files.createDirectory(
        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
  }

  /**
   * Makes {@code dir} a directory of the agent's own (the owner of its parent, 0711), which the
   * datastore's user may pass through to a directory of its own inside.
   */
  public static Path ensureOwnDirectory(Path dir) throws IOException {
    ensureDirectory(dir);
    UserPrincipal agent = Files.getOwner(dir.getParent());
    PosixFileAttributeView view =
        Files.getFileAttributeView(dir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (!view.getOwner().equals(agent)) {
      view.setOwner(agent);
    }
    view.setPermissions(PosixFilePermissions.fromString("rwx--x--x"));
    return dir;
  }
}
