package org.opentrove.guest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The agent's own superuser {@code os_admin} and its random password, kept in {@code
 * <data_dir>/os_admin.pw} (mode 0600). initdb reads the file ({@code --pwfile}); the agent reads it
 * to connect over JDBC. The password is never logged nor put on a command line.
 */
public final class AdminCredentials {
  public static final String USER = "os_admin";
  static final String FILE_NAME = "os_admin.pw";

  private final Path file;

  public AdminCredentials(Path dataDir) {
    this.file = dataDir.resolve(FILE_NAME);
  }

  public Path file() {
    return file;
  }

  /**
   * Creates the file with a new password unless it exists (a retried prepare keeps its password).
   */
  public void ensureExists() throws IOException {
    if (Files.exists(file)) {
      return;
    }
    String password = Passwords.generate();
    Path temp =
        Files.createTempFile(
            file.getParent(),
            FILE_NAME,
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(temp, password + "\n", StandardCharsets.US_ASCII);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  public String password() throws IOException {
    return Files.readString(file, StandardCharsets.US_ASCII).strip();
  }
}
