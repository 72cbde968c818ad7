package org.opentrove.guest.os;

/**
 * A server started detached from the agent. On this host the process is the server itself; in a
 * container it is {@code docker exec -d}, which exits at once, so only a failing exit means the
 * start failed.
 */
public final class DetachedStart {
  private final Process process;
  private final boolean isServer;

  private DetachedStart(Process process, boolean isServer) {
    this.process = process;
    this.isServer = isServer;
  }

  static DetachedStart server(Process server) {
    return new DetachedStart(server, true);
  }

  static DetachedStart launcher(Process launcher) {
    return new DetachedStart(launcher, false);
  }

  /** Whether the start has certainly failed (the server, or its launcher, exited badly). */
  public boolean failed() {
    if (process.isAlive()) {
      return false;
    }
    return isServer || process.exitValue() != 0;
  }

  /** The exit status, once {@link #failed()}. */
  public int exitValue() {
    return process.exitValue();
  }
}
