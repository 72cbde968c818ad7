package org.opentrove.api.quota;

/**
 * The limits of a project that was given none ({@code /mgmt/quotas} sets a project's own), with
 * Trove's option names and defaults; -1 is unlimited.
 */
public class QuotaConfig {
  public int maxInstancesPerTenant = 10;

  /** Total flavor RAM in MB. */
  public int maxRamPerTenant = -1;

  /** Total volume size in GB. */
  public int maxVolumesPerTenant = 40;

  public int maxBackupsPerTenant = 50;

  int defaultFor(QuotaResource resource) {
    return switch (resource) {
      case INSTANCES -> maxInstancesPerTenant;
      case RAM -> maxRamPerTenant;
      case VOLUMES -> maxVolumesPerTenant;
      case BACKUPS -> maxBackupsPerTenant;
    };
  }
}
