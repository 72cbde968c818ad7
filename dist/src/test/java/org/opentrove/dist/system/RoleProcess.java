package org.opentrove.dist.system;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A role (worker, conductor) in its own JVM, so a test can kill -9 it and start another. */
final class RoleProcess implements AutoCloseable {
  private final Process process;

  private RoleProcess(Process process) {
    this.process = process;
  }

  static RoleProcess start(String role, Path config, Path log) throws IOException {
    return startJvm(
        ProcessBuilder.Redirect.appendTo(log.toFile()),
        "org.opentrove.dist.TroveMain",
        role,
        config.toString());
  }

  /** Runs a test class's {@code main} in its own JVM, its output discarded. */
  static RoleProcess startMain(Class<?> main, String... args) throws IOException {
    List<String> mainAndArgs = new ArrayList<>(List.of(main.getName()));
    mainAndArgs.addAll(List.of(args));
    return startJvm(ProcessBuilder.Redirect.DISCARD, mainAndArgs.toArray(String[]::new));
  }

  /** A JVM like this one, on this JVM's class path, running {@code mainAndArgs}. */
  private static RoleProcess startJvm(ProcessBuilder.Redirect output, String... mainAndArgs)
      throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path")));
    command.addAll(List.of(mainAndArgs));
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
    return new RoleProcess(process);
  }

  long pid() {
    return process.pid();
  }

  void killHard() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      killHard();
    }
  }
}
