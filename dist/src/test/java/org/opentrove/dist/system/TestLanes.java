package org.opentrove.dist.system;

/**
 * The system tier runs in two lanes. Most of its time is spent waiting (for a killed worker's
 * activities to time out, for a cloud to boot, for datastores), not computing, so a second lane
 * nearly halves the suite on two cores. The second lane holds the classes that each own their
 * resources: the worker-kill chaos class (its own port range) and the Nova classes (the loopback
 * cloud and the boot shim's bridge, which one class at a time may use). A class joins it with
 * {@code @Execution(CONCURRENT)} and {@code @ResourceLock(TestLanes.SECOND)}: the lock keeps the
 * lane's classes one at a time and each class's own tests in one thread.
 */
final class TestLanes {
  static final String SECOND = "opentrove-second-lane";

  /** The second lane's datastore ports, apart from the first lane's (TestServices' default). */
  static final int SECOND_PORT_RANGE_START = 18432;

  static final int SECOND_PORT_RANGE_END = 19431;

  private TestLanes() {}
}
