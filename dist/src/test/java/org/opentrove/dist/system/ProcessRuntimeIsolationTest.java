package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opentrove.activities.compute.VmProcesses;
import org.opentrove.activities.compute.isolation.EgressRules;
import org.opentrove.activities.compute.isolation.InstanceIsolation;
import org.opentrove.activities.compute.isolation.InstanceOsUser;
import org.opentrove.guest.AdminCredentials;

/**
 * The attack of issue 10 on the process runtime (the datastore as a process on the control plane's
 * host), run as root as a deployment would: a tenant enables root, then executes programs through
 * PostgreSQL ({@code COPY ... FROM PROGRAM}) and reads and writes files through MariaDB ({@code
 * LOAD_FILE}, {@code SELECT ... INTO OUTFILE}).
 *
 * <p>What the process runtime contains, and this test shows: the datastore runs as the instance's
 * own OS user; it cannot list or read another instance's volume, the agents' settings and password
 * files (its own instance's included), or the control plane's work directory; it cannot open a
 * connection to anything (the control plane's PostgreSQL, the broker, Temporal, the API and admin
 * ports, another instance); MariaDB reads and writes files only in the instance's own {@code files}
 * directory. Delete removes the user and its rules.
 *
 * <p>What it does not contain: the tenant's programs share the host's kernel and see its filesystem
 * wherever the permissions of "other" allow (/etc/passwd, /usr, the process list); there is no
 * memory, CPU or process-count limit and no disk quota; the tenant's own user can read its
 * datastore's files and log. The docker runtime is what adds those boundaries.
 */
class ProcessRuntimeIsolationTest {
  private static final String PROJECT = "isolation";
  private static TroveSystem system;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(TestServices.runtime().equals("process"), "the docker runtime has its own test");
    InstanceIsolation host = InstanceIsolation.detect();
    assumeTrue(host.isolatesUsers(), "the process runtime isolates instances only as root");
    assertThat(host.isolatesEgress()).as(host.describe()).isTrue();
    system = TroveSystem.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (system != null) {
      system.close();
    }
  }

  @Test
  void aTenantsRootSeesOnlyItsOwnInstance() throws Exception {
    String a = tenant().create("postgresql");
    String b = tenant().create("postgresql");
    String m = tenant().create("mariadb");
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (String id : List.of(a, b, m)) {
      system.api.awaitInstance(PROJECT, id, ApiClient.status("ACTIVE"), Duration.ofSeconds(120));
      ports.put(id, system.vm(id).port().orElseThrow());
    }
    assertDatastoreRunsAsItsOwnUser(a);
    assertDatastoreRunsAsItsOwnUser(b);
    assertDatastoreRunsAsItsOwnUser(m);

    JsonNode root = tenant().enableRoot(a);
    try (Connection conn =
        DriverManager.getConnection(
            "jdbc:postgresql://127.0.0.1:" + ports.get(a) + "/postgres?sslmode=disable",
            root.get("name").asText(),
            root.get("password").asText())) {
      DatastoreShell shell = new DatastoreShell(conn);
      assertThat(shell.run("id -un").output()).isEqualTo(InstanceOsUser.of(a).name());

      Path workDir = system.services.workDir;
      Map<String, Path> forbidden = new LinkedHashMap<>();
      forbidden.put("B's volume", system.vm(b).volume());
      forbidden.put("B's password file", new AdminCredentials(system.vm(b).volume()).file());
      forbidden.put("B's agent settings", system.vm(b).config());
      forbidden.put("A's own password file", new AdminCredentials(system.vm(a).volume()).file());
      forbidden.put("A's own agent settings", system.vm(a).config());
      forbidden.put("A's own agent log", system.vm(a).log());
      forbidden.put("the control plane's work directory", workDir);
      forbidden.put("the control plane's configuration", workDir.resolve("app.yml"));
      for (Map.Entry<String, Path> target : forbidden.entrySet()) {
        String verb = Files.isDirectory(target.getValue()) ? "ls " : "cat ";
        DatastoreShell.Result result = shell.run(verb + target.getValue());
        System.out.printf("as A's root: %s%s -> %s%n", verb, target.getKey(), result);
        assertThat(result.exitCode()).as(target.getKey()).isNotZero();
        assertThat(result.output()).as(target.getKey()).contains("Permission denied");
      }

      Map<String, Integer> services = new LinkedHashMap<>();
      services.put("control-plane PostgreSQL", 5432);
      services.put("broker", amqpPort());
      services.put("Temporal", system.services.temporal.port());
      services.put("API", system.app.getLocalPort());
      services.put("admin port", system.app.getAdminPort());
      services.put("instance B", ports.get(b));
      services.put("instance M", ports.get(m));
      for (Map.Entry<String, Integer> service : services.entrySet()) {
        assertThat(listens(service.getValue())).as(service.getKey() + " listens").isTrue();
        DatastoreShell.Result result =
            shell.run("bash -c '</dev/tcp/127.0.0.1/" + service.getValue() + "'");
        System.out.printf("as A's root: connect to the %s -> %s%n", service.getKey(), result);
        assertThat(result.exitCode()).as(service.getKey()).isNotZero();
        assertThat(result.output()).as(service.getKey()).contains("Connection refused");
      }
    }

    new MariaDbFileConfinement(system).assertConfined(m, b, tenant().enableRoot(m));

    system.deleteAndCheckNothingLeft(PROJECT, List.of(a, b, m));
    for (String id : List.of(a, b, m)) {
      assertThat(InstanceOsUser.of(id).uid()).as("user of " + id).isEmpty();
      assertThat(EgressRules.listed(id)).as("egress rules of " + id).isEmpty();
    }
  }

  /** Every datastore process of the instance runs as the instance's own user. */
  private static void assertDatastoreRunsAsItsOwnUser(String id) {
    String user = InstanceOsUser.of(id).name();
    List<ProcessHandle> datastore =
        VmProcesses.referencing(system.vm(id).root()).stream()
            .filter(p -> !VmProcesses.commandLine(p).contains("GuestAgentMain"))
            .filter(p -> !VmProcesses.commandLine(p).startsWith("setsid"))
            .toList();
    assertThat(datastore).as("datastore processes of " + id).isNotEmpty();
    for (ProcessHandle process : datastore) {
      assertThat(process.info().user()).as(VmProcesses.commandLine(process)).contains(user);
    }
    assertThat(EgressRules.listed(id)).as("egress rules of " + id).hasSize(4);
  }

  private static int amqpPort() {
    return java.net.URI.create(system.services.amqpUri).getPort();
  }

  private static boolean listens(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static TenantInstances tenant() {
    return new TenantInstances(system.api, PROJECT);
  }
}
