package org.opentrove.dist.system;

/**
 * The system tier runs in two lanes. Most of its time is spent waiting (for a killed worker's
 * activities to time out, for a cloud to boot, for datastores), not computing, so a second lane
 * shortens the suite on two cores. The second lane holds the worker-kill chaos class and the
 * classes on the run's loopback cloud ({@link SharedCloud}: one class at a time may use the boot
 * shim's bridge); those that run local guests take their datastore ports from the second lane's
 * range, so the two lanes never race for a port. A class joins it with
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
