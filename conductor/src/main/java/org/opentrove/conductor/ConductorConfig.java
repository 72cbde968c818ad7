package org.opentrove.conductor;

/** How the conductor consumes. */
public class ConductorConfig {
  /** Deliveries applied in one database transaction at most. */
  public int batchSize = 500;

  /** Unacknowledged deliveries the broker may push ahead of the batcher. */
  public int prefetch = 1000;
}
