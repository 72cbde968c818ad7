package org.opentrove.dist.nova;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a host command (ip, mount, kill) and fails with its output when it fails. */
final class HostRun {
  private HostRun() {}

  static String run(String... command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output;
    try (var in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(String.join(" ", command) + " hung");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (process.exitValue() != 0) {
      throw new IOException(
          String.join(" ", command) + " failed (" + process.exitValue() + "): " + output.strip());
    }
    return output;
  }

  /** The same, for commands whose failure means "already so" (deleting what is gone). */
  static void quietly(String... command) {
    try {
      run(command);
    } catch (IOException ignored) {
      // already gone
    }
  }

  static List<String> lines(String... command) throws IOException {
    return run(command).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }
}
