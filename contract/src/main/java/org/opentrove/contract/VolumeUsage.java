package org.opentrove.contract;

/**
 * How full the instance's volume is, as the guest measured it for a heartbeat ({@code volume} in
 * its args). A full volume fails the datastore's writes while reads go on.
 */
public record VolumeUsage(long totalBytes, long freeBytes) {
  private static final long MIB = 1L << 20;

  /** Full: less than 1% left, so the datastore's next file extension fails with ENOSPC. */
  public boolean full() {
    return freeBytes * 100 < totalBytes;
  }

  /** The fault an instance shows while full; every such fault starts with {@link #FAULT_PREFIX}. */
  public String faultMessage() {
    return FAULT_PREFIX
        + " "
        + (totalBytes - freeBytes) / MIB
        + " of "
        + totalBytes / MIB
        + " MiB used; writes fail until data is removed or the volume is resized.";
  }

  public static final String FAULT_PREFIX = "volume full:";
}
