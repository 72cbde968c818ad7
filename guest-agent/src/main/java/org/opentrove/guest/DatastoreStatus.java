package org.opentrove.guest;

import org.opentrove.contract.ServiceStatus;

/**
 * What the agent knows about its datastore's health. The manager records what it intends (building,
 * failed, running, stopped on purpose); when the server should be running, {@link #report()} asks
 * the probe: HEALTHY if the server answers a query, CRASHED if the server is gone, UNKNOWN if it
 * runs but does not answer. While a lifecycle operation is under way the last report is repeated,
 * so a restart is not reported as a crash.
 */
public final class DatastoreStatus {

  /** Checks on the live server, used only when it should be running. */
  public interface Probe {
    boolean acceptsConnections();

    boolean processAlive();
  }

  private enum Phase {
    NEW,
    BUILDING,
    FAILED,
    RUNNING,
    STOPPED
  }

  private final String datastoreName;
  private final Probe probe;
  private Phase phase = Phase.NEW;
  private String failure;
  private int operationsInProgress;
  private GuestStatus last = GuestStatus.of(ServiceStatus.NEW);

  public DatastoreStatus(String datastoreName, Probe probe) {
    this.datastoreName = datastoreName;
    this.probe = probe;
  }

  public synchronized void building() {
    set(Phase.BUILDING, null);
  }

  public synchronized void failed(String message) {
    set(Phase.FAILED, message);
  }

  public synchronized void running() {
    set(Phase.RUNNING, null);
  }

  public synchronized void stopped() {
    set(Phase.STOPPED, null);
  }

  /** Marks the start of a start, stop or restart; pair with {@link #operationFinished()}. */
  public synchronized void operationStarted() {
    operationsInProgress++;
  }

  public synchronized void operationFinished() {
    operationsInProgress--;
  }

  /** The current status; probes the server (outside the lock) when it should be running. */
  public GuestStatus report() {
    Phase current;
    synchronized (this) {
      if (operationsInProgress > 0 && phase != Phase.BUILDING) {
        return last;
      }
      current = phase;
      if (current != Phase.RUNNING) {
        last = fixed(current, failure);
        return last;
      }
    }
    GuestStatus probed = probe();
    synchronized (this) {
      if (phase == Phase.RUNNING && operationsInProgress == 0) {
        last = probed;
      }
      return probed;
    }
  }

  private GuestStatus probe() {
    if (probe.acceptsConnections()) {
      return GuestStatus.of(ServiceStatus.HEALTHY);
    }
    if (probe.processAlive()) {
      return new GuestStatus(
          ServiceStatus.UNKNOWN, datastoreName + " runs but does not answer a query");
    }
    return new GuestStatus(ServiceStatus.CRASHED, datastoreName + " should be running but is not");
  }

  private static GuestStatus fixed(Phase phase, String failure) {
    return switch (phase) {
      case NEW -> GuestStatus.of(ServiceStatus.NEW);
      case BUILDING -> GuestStatus.of(ServiceStatus.BUILDING);
      case FAILED -> new GuestStatus(ServiceStatus.FAILED, failure);
      case STOPPED -> GuestStatus.of(ServiceStatus.SHUTDOWN);
      case RUNNING -> throw new IllegalStateException("running is probed, not fixed");
    };
  }

  private void set(Phase next, String message) {
    phase = next;
    failure = message;
  }
}
