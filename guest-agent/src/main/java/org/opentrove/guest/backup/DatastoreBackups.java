package org.opentrove.guest.backup;

import java.io.IOException;
import java.util.List;
import java.util.function.LongConsumer;
import org.opentrove.contract.BackupArgs;
import org.opentrove.contract.BackupPiece;
import org.opentrove.guest.AdminCredentials;
import org.opentrove.guest.DatastoreAdmin;
import org.opentrove.objects.ObjectStore;

/** One engine's backups: streamed out to an object store, and a chain of them restored. */
public interface DatastoreBackups {

  /**
   * Streams a consistent backup of the running server (incremental on {@code args.parent()} when
   * given) into {@code objects}; {@code progress} learns the bytes written so far.
   */
  BackupResult backup(
      BackupArgs args, DatastoreAdmin admin, BackupObjects objects, LongConsumer progress)
      throws IOException;

  /**
   * Replaces this instance's (empty) data with the chain's (full backup first), and leaves the
   * datastore initialised for {@code port} and {@code memoryMb}, stopped, with the agent's
   * administrator reachable with {@code credentials}.
   */
  void restore(
      List<BackupPiece> chain,
      ObjectStore store,
      AdminCredentials credentials,
      int port,
      int memoryMb)
      throws IOException;
}
