package org.opentrove.guest.os;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a command with a timeout and logs its output, bounded. Output goes to a private temporary
 * file rather than a pipe: {@code pg_ctl start} leaves a daemon behind, and a daemon that inherited
 * a pipe would keep it open and hang a reader.
 */
public final class ProcessRunner {
  private static final Logger log = LoggerFactory.getLogger(ProcessRunner.class);
  private static final int TAIL_LINES = 20;
  private static final int MAX_LINE_CHARS = 400;

  /** Runs {@code command} in {@code workDir}; returns however it ended, except on a timeout. */
  public ProcessResult run(String name, List<String> command, Path workDir, Duration timeout) {
    Path output = null;
    try {
      output = Files.createTempFile("opentrove-" + safeName(name) + "-", ".out");
      log.info("running {}: {}", name, String.join(" ", command));
      Process process =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
        List<String> tail = tail(output);
        logTail(name, tail);
        throw new ProcessFailedException(
            name + " timed out after " + timeout.toSeconds() + "s" + withTail(tail), -1);
      }
      ProcessResult result = new ProcessResult(name, process.exitValue(), tail(output));
      logTail(name, result.tail());
      log.info("{} exited with {}", name, result.exitCode());
      return result;
    } catch (IOException e) {
      throw new ProcessFailedException(name + " could not be run: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProcessFailedException(name + " was interrupted", e);
    } finally {
      deleteQuietly(output);
    }
  }

  /** Like {@link #run} but a non-zero exit is a {@link ProcessFailedException}. */
  public ProcessResult runChecked(
      String name, List<String> command, Path workDir, Duration timeout) {
    ProcessResult result = run(name, command, workDir, timeout);
    if (!result.succeeded()) {
      throw new ProcessFailedException(
          name + " exited with " + result.exitCode() + withTail(result.tail()), result.exitCode());
    }
    return result;
  }

  /** What to do with a streaming command's standard output, or what to feed its input from. */
  @FunctionalInterface
  public interface StreamWork {
    void run(Process process) throws IOException;
  }

  /**
   * Starts {@code command} with pipes for its standard input and output (its error output goes to a
   * file whose tail ends up in the failure message), lets {@code work} stream through them, and
   * fails unless the command then exits 0 within {@code timeout}. The command is killed if the work
   * fails, so no half-fed process is left behind.
   */
  public void stream(
      String name,
      List<String> command,
      Path workDir,
      Map<String, String> environment,
      Duration timeout,
      StreamWork work) {
    Path errors = null;
    Process process = null;
    try {
      errors = Files.createTempFile("opentrove-" + safeName(name) + "-", ".err");
      log.info("running {}: {}", name, String.join(" ", command));
      ProcessBuilder builder =
          new ProcessBuilder(command).directory(workDir.toFile()).redirectError(errors.toFile());
      builder.environment().putAll(environment);
      process = builder.start();
      work.run(process);
      process.getOutputStream().close();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new ProcessFailedException(name + " did not finish within " + timeout, -1);
      }
      if (process.exitValue() != 0) {
        throw new ProcessFailedException(
            name + " exited with " + process.exitValue() + withTail(tail(errors)),
            process.exitValue());
      }
    } catch (IOException e) {
      String tail = "";
      try {
        tail = errors == null ? "" : withTail(tail(errors));
      } catch (IOException ignored) {
        // the stream's own failure is the message that matters
      }
      throw new ProcessFailedException(name + " failed: " + e.getMessage() + tail, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProcessFailedException(name + " was interrupted", e);
    } finally {
      if (process != null && process.isAlive()) {
        process.destroyForcibly();
      }
      deleteQuietly(errors);
    }
  }

  private static String withTail(List<String> tail) {
    return tail.isEmpty() ? "" : "; last output:\n" + String.join("\n", tail);
  }

  private static void logTail(String name, List<String> tail) {
    for (String line : tail) {
      log.info("[{}] {}", name, line);
    }
  }

  private static List<String> tail(Path file) throws IOException {
    Deque<String> lines = new ArrayDeque<>();
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        if (lines.size() == TAIL_LINES) {
          lines.removeFirst();
        }
        lines.addLast(line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) : line);
      }
    }
    return List.copyOf(lines);
  }

  private static String safeName(String name) {
    return name.replaceAll("[^A-Za-z0-9_-]", "_");
  }

  private static void deleteQuietly(Path file) {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.debug("cannot delete {}", file, e);
    }
  }
}
