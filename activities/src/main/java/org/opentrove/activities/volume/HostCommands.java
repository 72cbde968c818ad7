package org.opentrove.activities.volume;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the host's storage tools (losetup, mount, mkfs, ...) and reads what they said. */
final class HostCommands {
  private static final long TIMEOUT_SECONDS = 60;

  private HostCommands() {}

  record Result(int exitCode, String output) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  /** Runs the command; a tool that is missing or hangs is a failure with the reason as output. */
  static Result run(List<String> command) {
    Path output;
    try {
      output = Files.createTempFile("trove-volume-cmd-", ".out");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      Process process;
      try {
        process =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
      } catch (IOException e) {
        return new Result(127, command.get(0) + ": " + e.getMessage());
      }
      try {
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          return new Result(124, command.get(0) + " did not finish in " + TIMEOUT_SECONDS + " s");
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        return new Result(130, command.get(0) + " interrupted");
      }
      return new Result(process.exitValue(), Files.readString(output).strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      output.toFile().delete();
    }
  }

  /** Runs the command and fails with its output unless it succeeded. */
  static String check(List<String> command) {
    Result result = run(command);
    if (!result.ok()) {
      throw new VolumeCommandException(String.join(" ", command), result);
    }
    return result.output();
  }

  /** A storage tool that failed: what ran, its exit code and what it said. */
  static final class VolumeCommandException extends RuntimeException {
    private final transient Result result;

    VolumeCommandException(String command, Result result) {
      super(command + " failed (exit " + result.exitCode() + "): " + result.output());
      this.result = result;
    }

    Result result() {
      return result;
    }
  }
}
