package org.opentrove.dist.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real troveclient CLI ({@code openstack database ...}) pointed at the system under test. */
final class TroveCli {
  private final String endpoint;
  private final String token;

  TroveCli(String apiBase, String project) {
    this(apiBase, project, project);
  }

  /** As the holder of {@code token} (the administrator's, say) on {@code project}. */
  TroveCli(String apiBase, String project, String token) {
    this.endpoint = apiBase + "/v1.0/" + project;
    this.token = token;
  }

  record Result(int exitCode, String out) {}

  Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("openstack");
    command.addAll(
        List.of("--os-auth-type", "admin_token", "--os-endpoint", endpoint, "--os-token", token));
    command.addAll(List.of(args));
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "the openstack CLI is not installed; the README's test command installs it", e);
    }
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("openstack " + String.join(" ", args) + " hung");
    }
    return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  String ok(String... args) throws IOException, InterruptedException {
    Result result = run(args);
    if (result.exitCode() != 0) {
      throw new AssertionError(
          "openstack "
              + String.join(" ", args)
              + " failed ("
              + result.exitCode()
              + "): "
              + result.out());
    }
    return result.out();
  }
}
