package org.opentrove.guest.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.opentrove.guest.os.RunAs;

/**
 * A libpq password file (0600, the datastore user's: the tools run as that user, in a container
 * too), so a password is on no command line or environment. The caller deletes it when done.
 */
final class PgPassFile {
  private PgPassFile() {}

  static Path write(Path dir, RunAs runAs, String host, int port, String user, String password)
      throws IOException {
    Path file =
        Files.createTempFile(
            dir,
            ".pgpass-",
            "",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(
        file,
        escape(host) + ":" + port + ":*:" + escape(user) + ":" + escape(password) + "\n",
        StandardCharsets.UTF_8);
    runAs.chown(file);
    return file;
  }

  private static String escape(String field) {
    return field.replace("\\", "\\\\").replace(":", "\\:");
  }
}
