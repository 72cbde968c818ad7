package org.opentrove.guest.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * A server started detached from the agent. On this host the process is the server itself; in a
 * container it is the {@code docker exec} that starts it in the background and prints its pid, by
 * which the server is then watched.
 */
public final class DetachedStart {
  private final Process process;
  private final LongFunction<Optional<ProcessHandle>> serverInContainer;
  private volatile long pidInContainer = -1;

  private DetachedStart(Process process, LongFunction<Optional<ProcessHandle>> serverInContainer) {
    this.process = process;
    this.serverInContainer = serverInContainer;
  }

  static DetachedStart server(Process server) {
    return new DetachedStart(server, null);
  }

  /** {@code serverInContainer}: the live process of a pid in the container, if it runs. */
  static DetachedStart launcher(
      Process launcher, LongFunction<Optional<ProcessHandle>> serverInContainer) {
    return new DetachedStart(launcher, serverInContainer);
  }

  /** Whether the start has certainly failed: the server exited, or its launcher failed. */
  public boolean failed() {
    if (process.isAlive()) {
      return false;
    }
    if (serverInContainer == null || process.exitValue() != 0) {
      return true;
    }
    long pid = pidInContainer();
    return pid < 0 || serverInContainer.apply(pid).isEmpty();
  }

  /** How the start failed, once {@link #failed()}: "exited with 1", say. */
  public String howItEnded() {
    if (serverInContainer == null || process.exitValue() != 0) {
      return "exited with " + process.exitValue();
    }
    return pidInContainer() < 0 ? "could not be started" : "exited";
  }

  private long pidInContainer() {
    if (pidInContainer < 0) {
      try {
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String last = out.strip().lines().reduce((a, b) -> b).orElse("");
        pidInContainer = last.matches("[0-9]{1,10}") ? Long.parseLong(last) : -1;
      } catch (IOException e) {
        return -1;
      }
    }
    return pidInContainer;
  }
}
