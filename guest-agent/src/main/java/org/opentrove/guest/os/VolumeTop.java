package org.opentrove.guest.os;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The top of the instance's volume (its data directory) belongs to root (0711), so the tenant's OS
 * user can neither add, rename nor replace anything there: the agent's own files (markers, {@code
 * backup.running}, {@code prepared}, MariaDB's option and init files) sit in it, and so do the
 * datastore's own directories ({@code pgdata}, {@code wal-archive}, {@code mysql-data}, {@code
 * files}, {@code run}), whose names the tenant therefore cannot point elsewhere. Those directories
 * and the logs the datastore appends to are the user's; the datastore writes nothing else here.
 */
public final class VolumeTop {
  private static final Logger log = LoggerFactory.getLogger(VolumeTop.class);

  private VolumeTop() {}

  /** Takes the volume's top for root; a no-op when the agent does not run as root. */
  public static void secure(Path dataDir, RunAs runAs) throws IOException {
    if (!runAs.givesFiles()) {
      return;
    }
    PosixFileAttributeView view =
        Files.getFileAttributeView(
            dataDir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    UserPrincipalLookupService names = dataDir.getFileSystem().getUserPrincipalLookupService();
    view.setOwner(names.lookupPrincipalByName("root"));
    view.setGroup(names.lookupPrincipalByGroupName("root"));
    view.setPermissions(PosixFilePermissions.fromString("rwx--x--x"));
    removeLinks(dataDir);
  }

  /**
   * The agent makes no links here; one found is a tenant's, planted while an earlier version left
   * the top to the datastore's user, and goes before anything is written.
   */
  private static void removeLinks(Path dataDir) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dataDir)) {
      for (Path entry : entries) {
        if (Files.isSymbolicLink(entry)) {
          log.warn("removing {}: a link in the volume's top, where only the agent writes", entry);
          Files.delete(entry);
        }
      }
    }
  }
}
