package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The same lifecycle through Debian's python3-troveclient, unchanged. */
class CliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TroveSystem system;
  private static TroveCli cli;

  @BeforeAll
  static void start() throws Exception {
    system = TroveSystem.start();
    cli = new TroveCli(system.api.base(), "cliproject");
  }

  @AfterAll
  static void stop() throws Exception {
    system.close();
  }

  @Test
  void cliDrivesTheWholeLifecycle() throws Exception {
    JsonNode flavors = JSON.readTree(cli.ok("database", "flavor", "list", "-f", "json"));
    assertThat(flavors.findValuesAsText("Name")).contains("m1.tiny", "m1.small");
    JsonNode datastores = JSON.readTree(cli.ok("datastore", "list", "-f", "json"));
    assertThat(datastores.findValuesAsText("Name"))
        .containsExactlyInAnyOrder("postgresql", "mariadb");

    JsonNode created =
        JSON.readTree(
            cli.ok(
                "database",
                "instance",
                "create",
                "cli-db",
                "--flavor",
                "1",
                "--size",
                "1",
                "--datastore",
                "postgresql",
                "--datastore-version",
                "15",
                "--databases",
                "appdb",
                "--users",
                "appuser:Sup3r-secret",
                "-f",
                "json"));
    String id = created.get("id").asText();
    assertThat(created.get("status").asText()).isEqualTo("BUILD");

    JsonNode listed = JSON.readTree(cli.ok("database", "instance", "list", "-f", "json"));
    assertThat(listed.findValuesAsText("ID")).contains(id);

    JsonNode shown = awaitActive(id);
    assertThat(shown.get("operating_status").asText()).isEqualTo("HEALTHY");
    int port = shown.get("port").asInt();
    try (Connection c =
        DriverManager.getConnection(
            "jdbc:postgresql://127.0.0.1:" + port + "/appdb", "appuser", "Sup3r-secret")) {
      assertThat(c.isValid(5)).isTrue();
    }

    cli.ok("database", "instance", "delete", id);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    TroveCli.Result show;
    do {
      Thread.sleep(300);
      show = cli.run("database", "instance", "show", id);
    } while (show.exitCode() == 0 && System.nanoTime() < deadline);
    assertThat(show.exitCode()).isNotZero();
    assertThat(show.out()).contains("No instance with a name or ID of '" + id);
    assertThat(system.processesOf(id)).isEmpty();
  }

  /** Trove's datastore version management through the CLI, as an administrator runs it. */
  @Test
  void anAdministratorRegistersDisablesAndDeletesADatastoreVersion() throws Exception {
    TroveCli admin = new TroveCli(system.api.base(), "cliadmin", TestServices.ADMIN_TOKEN);
    admin.ok(
        "datastore",
        "version",
        "create",
        "15-ops",
        "postgresql",
        "postgresql",
        "",
        "--image-tags",
        "trove,postgresql",
        "--active",
        "--version-number",
        "15.9");
    JsonNode listed =
        JSON.readTree(cli.ok("datastore", "version", "list", "postgresql", "-f", "json"));
    JsonNode registered = null;
    for (JsonNode version : listed) {
      if (version.get("Name").asText().equals("15-ops")) {
        registered = version;
      }
    }
    assertThat(registered).as("the tenant sees the new active version").isNotNull();
    assertThat(registered.get("Version").asText()).isEqualTo("15.9");
    String id = registered.get("ID").asText();

    admin.ok("datastore", "version", "set", id, "--disable");
    assertThat(cli.ok("datastore", "version", "list", "postgresql")).doesNotContain("15-ops");
    ApiClient.Answer refused =
        system.api.post(
            "cliproject",
            "/instances",
            "{\"instance\": {\"name\": \"on-inactive\", \"flavorRef\": \"1\","
                + " \"volume\": {\"size\": 1}, \"datastore\": {\"type\": \"postgresql\","
                + " \"version\": \"15-ops\"}}}");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body().at("/badRequest/message").asText())
        .isEqualTo("Datastore version '15-ops' is not active.");

    admin.ok("datastore", "version", "delete", id);
    assertThat(
            system
                .api
                .send(
                    "cliadmin",
                    TestServices.ADMIN_TOKEN,
                    "GET",
                    "/mgmt/datastore-versions/" + id,
                    null)
                .status())
        .isEqualTo(400);
    assertThat(
            cli.run(
                    "datastore",
                    "version",
                    "create",
                    "x",
                    "postgresql",
                    "postgresql",
                    "",
                    "--active")
                .exitCode())
        .as("a tenant is not an administrator")
        .isNotZero();
  }

  private static JsonNode awaitActive(String id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    JsonNode shown;
    do {
      shown = JSON.readTree(cli.ok("database", "instance", "show", id, "-f", "json"));
      if ("ACTIVE".equals(shown.get("status").asText())) {
        return shown;
      }
      Thread.sleep(300);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("not ACTIVE through the CLI: " + shown);
  }
}
