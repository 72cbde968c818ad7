package org.opentrove.activities.compute.isolation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short host administration command (useradd, iptables) and returns what it said. */
public final class HostCommand {
  private static final long TIMEOUT_SECONDS = 30;

  public record Result(int exitCode, String output) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  private HostCommand() {}

  public static Result run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(-1, String.join(" ", command) + " timed out");
      }
      return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      return new Result(-1, String.join(" ", command) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command.get(0), e);
    }
  }

  /** Runs the command and fails with its output unless it succeeded. */
  public static String checked(List<String> command) {
    Result result = run(command);
    if (!result.ok()) {
      throw new IllegalStateException(
          String.join(" ", command) + " failed (" + result.exitCode() + "): " + result.output());
    }
    return result.output();
  }
}
