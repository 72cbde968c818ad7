package org.opentrove.guest;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;
import org.opentrove.contract.GuestErrorType;

/**
 * {@code <data_dir>/prepared}: written (atomically) after a successful prepare, holding the port,
 * so that a restarted agent knows the instance is prepared and where its server listens.
 */
public final class PreparedMarker {
  static final String FILE_NAME = "prepared";

  private final Path file;

  public PreparedMarker(Path dataDir) {
    this.file = dataDir.resolve(FILE_NAME);
  }

  /** The port of a prepared instance, or empty before the first successful prepare. */
  public Optional<Integer> port() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
      return Optional.of(Integer.parseInt(properties.getProperty("port", "").trim()));
    } catch (IOException | NumberFormatException e) {
      throw new GuestOperationException(
          GuestErrorType.CORRUPT_STATE, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  public void write(int port) throws IOException {
    Path temp = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
    try {
      Properties properties = new Properties();
      properties.setProperty("port", Integer.toString(port));
      try (Writer writer = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        properties.store(writer, "written by the guest agent after a successful prepare");
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
