package org.opentrove.guest.backup;

import org.opentrove.contract.BackupUpdate;

/** Where a backup's progress and result go (the conductor, in production). */
@FunctionalInterface
public interface BackupReporter {
  void report(BackupUpdate update);
}
