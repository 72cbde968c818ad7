package org.opentrove.contract;

/**
 * How full the instance's volume is, as the guest measured it for a heartbeat ({@code volume} in
 * its args). A full volume fails the datastore's writes while reads go on.
 */
public record VolumeUsage(long totalBytes, long freeBytes) {
  private static final long MIB = 1L << 20;

  /**
   * Below this the datastore fails its writes: PostgreSQL needs a whole 16 MiB WAL segment at a
   * time (and archives each one), so it runs out with up to two segments' worth still free.
   */
  public static final long FULL_BELOW_BYTES = 64 * MIB;

  /** Full: less than {@link #FULL_BELOW_BYTES} (or 1% of a volume over 6 GiB) left. */
  public boolean full() {
    return freeBytes < Math.max(FULL_BELOW_BYTES, totalBytes / 100);
  }

  public long usedBytes() {
    return totalBytes - freeBytes;
  }

  /** The fault an instance shows while full; every such fault starts with {@link #FAULT_PREFIX}. */
  public String faultMessage() {
    return FAULT_PREFIX
        + " "
        + usedBytes() / MIB
        + " of "
        + totalBytes / MIB
        + " MiB used; writes fail until data is removed or the volume is resized.";
  }

  public static final String FAULT_PREFIX = "volume full:";
}
