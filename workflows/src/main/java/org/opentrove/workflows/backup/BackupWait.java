package org.opentrove.workflows.backup;

import java.time.Duration;

/**
 * How long a backup may stream before it is given up, and how often the wait checks that the
 * instance's server still runs (a guest killed mid-backup never reports).
 */
public record BackupWait(Duration timeout, Duration livenessCheck) {
  public static final BackupWait DEFAULT =
      new BackupWait(Duration.ofHours(24), Duration.ofSeconds(10));
}
