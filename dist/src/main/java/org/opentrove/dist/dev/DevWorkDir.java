package org.opentrove.dist.dev;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Dev mode's work directory, {@code <tmp>/opentrove-dev-<pid>}: created by this process (never one
 * someone else made in the shared temporary directory), traversable but not listable by others
 * (guests' datastores run as their own users and must reach their volumes under {@link
 * #servers()}), holding {@link #secrets()}: a 0700 directory for the control-plane database, the
 * broker's configuration, the unpacked PostgreSQL binaries and the generated admin token.
 */
public record DevWorkDir(Path root) {

  /** Creates the directory afresh; a leftover of this same pid from a killed run is removed. */
  public static DevWorkDir create(Path tmp, long pid) throws IOException {
    Path root = tmp.resolve("opentrove-dev-" + pid);
    try {
      Files.createDirectory(root, mode("rwx--x--x"));
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS) || !ownedByMe(root)) {
        throw new IOException(root + " exists and is not this user's: refusing to use it", e);
      }
      DevWatchdog.deleteTree(root);
      Files.createDirectory(root, mode("rwx--x--x"));
    }
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
    DevWorkDir dir = new DevWorkDir(root);
    Files.createDirectory(dir.secrets(), mode("rwx------"));
    Files.setPosixFilePermissions(dir.secrets(), PosixFilePermissions.fromString("rwx------"));
    Files.createDirectory(dir.servers(), mode("rwx--x--x"));
    Files.setPosixFilePermissions(dir.servers(), PosixFilePermissions.fromString("rwx--x--x"));
    return dir;
  }

  public Path secrets() {
    return root.resolve("private");
  }

  public Path servers() {
    return root.resolve("servers");
  }

  public Path controlPlanePgData() {
    return secrets().resolve("control-plane-pg");
  }

  /** Where zonky unpacks the control plane's PostgreSQL (by default: a shared /tmp directory). */
  public Path postgresBinaries() {
    return secrets().resolve("pg-binaries");
  }

  /** The guests' class archive (made by the compute driver, mapped by every guest). */
  public Path guestClasses() {
    return secrets().resolve("guest-classes");
  }

  public Path broker() {
    return secrets().resolve("broker");
  }

  public Path adminToken() {
    return secrets().resolve("admin-token");
  }

  public Path watchdogLog() {
    return secrets().resolve("watchdog.log");
  }

  /** Writes a new 0600 file in {@link #secrets()}. */
  public static void writeSecret(Path file, String text) throws IOException {
    Files.deleteIfExists(file);
    Files.createFile(file, mode("rw-------"));
    Files.writeString(file, text);
  }

  private static boolean ownedByMe(Path path) throws IOException {
    Path probe = Files.createTempFile("opentrove-owner-", "");
    try {
      return Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).equals(Files.getOwner(probe));
    } finally {
      Files.deleteIfExists(probe);
    }
  }

  private static java.nio.file.attribute.FileAttribute<?> mode(String permissions) {
    return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
  }
}
