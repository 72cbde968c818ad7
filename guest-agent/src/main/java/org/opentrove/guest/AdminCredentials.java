package org.opentrove.guest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The agent's own superuser {@code os_admin} and its random password, kept in {@code
 * <data_dir>.agent/os_admin.pw}: a 0600 file in a 0700 directory beside the data directory, owned
 * by the agent, never by the datastore's OS user (the data directory belongs to that user, and a
 * tenant with program execution runs as it). The agent reads it to connect over JDBC; initdb gets a
 * copy that lives only while it runs. The password is never logged nor put on a command line.
 */
public final class AdminCredentials {
  public static final String USER = "os_admin";
  static final String FILE_NAME = "os_admin.pw";
  static final String REPLICA_LOGIN_FILE = "replica.login";

  private final Path dataDir;
  private final Path file;

  public AdminCredentials(Path dataDir) {
    this.dataDir = dataDir;
    this.file = privateDir(dataDir).resolve(FILE_NAME);
  }

  /** The agent's own directory for an instance: beside its data directory, not inside it. */
  public static Path privateDir(Path dataDir) {
    return dataDir.resolveSibling(dataDir.getFileName() + ".agent");
  }

  public Path file() {
    return file;
  }

  /**
   * Creates the file with a new password unless it exists (a retried prepare keeps its password). A
   * file an earlier version kept inside the data directory is moved out.
   */
  public void ensureExists() throws IOException {
    Path dir = file.getParent();
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    if (Files.exists(file)) {
      return;
    }
    Path legacy = dataDir.resolve(FILE_NAME);
    String password =
        Files.isRegularFile(legacy, LinkOption.NOFOLLOW_LINKS)
            ? Files.readString(legacy, StandardCharsets.US_ASCII).strip()
            : Passwords.generate();
    Path temp =
        Files.createTempFile(
            dir,
            FILE_NAME,
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(temp, password + "\n", StandardCharsets.US_ASCII);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
    Files.deleteIfExists(legacy);
  }

  public String password() throws IOException {
    return Files.readString(file, StandardCharsets.US_ASCII).strip();
  }

  /** How the agent logs in: as {@code os_admin}, or on a replica as its replication account. */
  public record Login(String user, String password) {
    @Override
    public String toString() {
      return "Login[user=" + user + ", password=***]";
    }
  }

  /**
   * The login the agent uses now. A replica's data is a copy of its source's, whose {@code
   * os_admin} has the source's password; a read-only replica cannot change it, so its agent logs in
   * with the account the source made for this replica ({@link #useReplicaLogin}) until it is
   * detached or promoted.
   */
  public Login login() throws IOException {
    Path replica = replicaLoginFile();
    if (Files.isRegularFile(replica, LinkOption.NOFOLLOW_LINKS)) {
      List<String> lines = Files.readAllLines(replica, StandardCharsets.UTF_8);
      if (lines.size() >= 2) {
        return new Login(lines.get(0).strip(), lines.get(1).strip());
      }
    }
    return new Login(USER, password());
  }

  /** Whether the agent logs in with a replica's account. */
  public boolean usesReplicaLogin() {
    return Files.exists(replicaLoginFile(), LinkOption.NOFOLLOW_LINKS);
  }

  /** From now on the agent logs in as {@code user} (a 0600 file beside the password's). */
  public void useReplicaLogin(String user, String password) throws IOException {
    Path target = replicaLoginFile();
    Path temp =
        Files.createTempFile(
            target.getParent(),
            REPLICA_LOGIN_FILE,
            ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(temp, user + "\n" + password + "\n", StandardCharsets.UTF_8);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Back to {@code os_admin} and its own password. */
  public void dropReplicaLogin() throws IOException {
    Files.deleteIfExists(replicaLoginFile());
  }

  private Path replicaLoginFile() {
    return file.resolveSibling(REPLICA_LOGIN_FILE);
  }

  /**
   * Writes the password to a new 0600 file in {@code dir} for a command that reads it from a file
   * as the datastore's user (initdb's {@code --pwfile}); the caller hands it to that user and
   * deletes it when the command is done.
   */
  public Path temporaryCopy(Path dir) throws IOException {
    Path copy =
        Files.createTempFile(
            dir,
            ".pwfile-",
            "",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(copy, password() + "\n", StandardCharsets.US_ASCII);
    return copy;
  }
}
