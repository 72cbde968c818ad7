package org.opentrove.dist.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real troveclient CLI ({@code openstack database ...}) pointed at the system under test. */
final class TroveCli {
  private final List<String> authArgs;
  private final java.util.Map<String, String> environment;

  TroveCli(String apiBase, String project) {
    this(apiBase, project, project);
  }

  /** As the holder of {@code token} (the administrator's, say) on {@code project}. */
  TroveCli(String apiBase, String project, String token) {
    this(
        List.of(
            "--os-auth-type",
            "admin_token",
            "--os-endpoint",
            apiBase + "/v1.0/" + project,
            "--os-token",
            token),
        java.util.Map.of());
  }

  private TroveCli(List<String> authArgs, java.util.Map<String, String> environment) {
    this.authArgs = authArgs;
    this.environment = environment;
  }

  /**
   * As a Keystone user logging in with a password, the API found through Keystone's catalog, as an
   * operator's CLI is set up. The password travels in the environment, not the command line.
   */
  static TroveCli withPassword(String authUrl, String user, String password, String project) {
    return new TroveCli(
        List.of("--os-auth-type", "password"),
        java.util.Map.of(
            "OS_AUTH_URL", authUrl,
            "OS_USERNAME", user,
            "OS_PASSWORD", password,
            "OS_PROJECT_NAME", project,
            "OS_USER_DOMAIN_NAME", "Default",
            "OS_PROJECT_DOMAIN_NAME", "Default",
            "OS_IDENTITY_API_VERSION", "3",
            "OS_REGION_NAME", "RegionOne",
            "OS_INTERFACE", "public"));
  }

  record Result(int exitCode, String out) {}

  Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("openstack");
    command.addAll(authArgs);
    command.addAll(List.of(args));
    Process process;
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().keySet().removeIf(key -> key.startsWith("OS_"));
      builder.environment().putAll(environment);
      process = builder.start();
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
