package org.opentrove.guest;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.opentrove.contract.VolumeUsage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Measures the filesystem holding the datastore's data directory (the instance's volume). */
public final class VolumeMeter {
  private static final Logger log = LoggerFactory.getLogger(VolumeMeter.class);

  private final Path dataDir;

  public VolumeMeter(Path dataDir) {
    this.dataDir = dataDir;
  }

  /** The volume's size and what is left of it for the datastore; null if it cannot be read. */
  public VolumeUsage read() {
    try {
      FileStore store = Files.getFileStore(dataDir);
      return new VolumeUsage(store.getTotalSpace(), store.getUsableSpace());
    } catch (IOException e) {
      log.debug("cannot measure the volume at {}: {}", dataDir, e.toString());
      return null;
    }
  }
}
