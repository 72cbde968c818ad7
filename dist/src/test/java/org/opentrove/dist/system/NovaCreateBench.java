package org.opentrove.dist.system;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentrove.store.OperationDao;
import org.opentrove.store.OperationStepRow;
import org.opentrove.temporal.WorkflowIds;

/**
 * The control plane's own time per create on Nova (create→ACTIVE less the guest's boot: its prepare
 * and the wait for its first healthy heartbeat) against the same Nova, Cinder and Neutron calls
 * made by hand with the openstack CLI as the same service user: a security group and its rule, a
 * volume waited to available, a server booted with it and waited to ACTIVE.
 */
@Tag("bench")
@ExtendWith(SharedCloud.class)
class NovaCreateBench {
  static final int RUNS = Integer.getInteger("bench.runs", 3);

  @Test
  void controlPlaneTimePerCreateVersusTheOpenstackCli() throws Exception {
    try (NovaSystem nova = NovaSystem.start(SharedCloud.get(), (cloud, services) -> {})) {
      OpenStackAio cloud = nova.cloud;
      TroveSystem system = nova.system;
      ours(system); // warm-up: JIT, pools, the first token
      cli(cloud, "warmup");
      List<Long> ours = new ArrayList<>();
      List<Long> raw = new ArrayList<>();
      for (int i = 0; i < RUNS; i++) {
        ours.add(ours(system));
        raw.add(cli(cloud, "run" + i));
      }
      CreateLatencyBench.report(
          "nova create, control plane's own time (create→ACTIVE less the guest's boot)",
          ours,
          "the same calls with the openstack CLI",
          raw);
    }
  }

  private static long ours(TroveSystem system) throws Exception {
    long began = System.nanoTime();
    String id = system.create("novabench", "bench");
    system.api.awaitInstance("novabench", id, ApiClient.status("ACTIVE"), Duration.ofSeconds(180));
    long total = System.nanoTime() - began;
    String operation = WorkflowIds.instanceCreate(UUID.fromString(id));
    List<OperationStepRow> steps =
        system.jdbi.withExtension(OperationDao.class, dao -> dao.listSteps(operation));
    long guest = 0;
    for (OperationStepRow step : steps) {
      if (step.finished() != null
          && (step.step().equals("prepare-guest") || step.step().equals("wait-for-guest"))) {
        guest += Duration.between(step.started(), step.finished()).toNanos();
      }
    }
    system.deleteAndAwaitGone("novabench", id);
    return total - guest;
  }

  /** The calls a person makes with the CLI for one server with its volume and group. */
  private static long cli(OpenStackAio cloud, String name) throws Exception {
    Map<String, String> env =
        Map.of(
            "OS_AUTH_URL",
            cloud.get("OS_AUTH_URL"),
            "OS_USERNAME",
            cloud.get("OS_USERNAME"),
            "OS_PASSWORD",
            cloud.get("OS_PASSWORD"),
            "OS_PROJECT_NAME",
            cloud.get("OS_PROJECT_NAME"),
            "OS_USER_DOMAIN_NAME",
            "Default",
            "OS_PROJECT_DOMAIN_NAME",
            "Default",
            "OS_REGION_NAME",
            "RegionOne",
            "OS_IDENTITY_API_VERSION",
            "3");
    String resource = "bench-" + name;
    long began = System.nanoTime();
    openstack(env, "security", "group", "create", resource);
    openstack(
        env,
        "security",
        "group",
        "rule",
        "create",
        "--ingress",
        "--protocol",
        "tcp",
        "--dst-port",
        "5432",
        resource);
    String volume =
        openstack(
                env, "volume", "create", "--size", "1", "--type", "fake", "-f", "value", "-c", "id",
                resource)
            .strip();
    while (!openstack(env, "volume", "show", volume, "-f", "value", "-c", "status")
        .strip()
        .equals("available")) {
      Thread.sleep(200);
    }
    openstack(
        env,
        "server",
        "create",
        "--flavor",
        "1",
        "--image",
        "opentrove-postgresql",
        "--network",
        cloud.get("OPENSTACK_NETWORK_ID"),
        "--security-group",
        resource,
        "--block-device-mapping",
        "vdb=" + volume + ":volume::false",
        "--wait",
        resource);
    long elapsed = System.nanoTime() - began;
    openstack(env, "server", "delete", "--wait", resource);
    while (!openstack(env, "volume", "show", volume, "-f", "value", "-c", "status")
        .strip()
        .equals("available")) {
      Thread.sleep(200);
    }
    openstack(env, "volume", "delete", volume);
    openstack(env, "security", "group", "delete", resource);
    return elapsed;
  }

  private static String openstack(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("openstack"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new AssertionError("openstack " + String.join(" ", args) + " failed: " + output);
    }
    return output;
  }
}
