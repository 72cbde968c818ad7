package org.opentrove.contract;

/** Messages guests send to the conductor; names match Trove's conductor API. */
public final class ConductorMethods {
  public static final String HEARTBEAT = "heartbeat";

  private ConductorMethods() {}
}
