package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.identity.v3.Project;
import org.openstack4j.model.identity.v3.User;
import org.openstack4j.openstack.OSFactory;

/**
 * {@code api.authMode: keystone} against the real Keystone of the loopback cloud: a member of a
 * project logs in with a password through the real CLI, which finds the API in Keystone's catalog;
 * tokens Keystone does not know (forged, revoked) are 401 as keystonemiddleware answers; a token of
 * another project, or a member's on an administrator's route, is 403; an administrator reaches and
 * resets another project's instance by its id from the administrator's own project.
 */
@ExtendWith(SharedCloud.class)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(TestLanes.SECOND)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeystoneAuthTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PASSWORD = "Member-" + UUID.randomUUID();

  private static OpenStackAio cloud;
  private static OSClientV3 keystoneAdmin;
  private static TroveSystem system;
  private static String catalogEntry;
  private static Project project;
  private static User member;
  private static String instanceId;

  @BeforeAll
  static void start() throws Exception {
    cloud = SharedCloud.get();
    keystoneAdmin = cloud.admin();
    TestServices services = new TestServices();
    services.keystone = cloud.keystoneConfig();
    services.keystone.cacheSeconds = 2; // a revoked token stops working this soon
    services.portRangeStart = TestLanes.SECOND_PORT_RANGE_START;
    services.portRangeEnd = TestLanes.SECOND_PORT_RANGE_END;
    system = TroveSystem.start(services);

    String suffix = UUID.randomUUID().toString().substring(0, 8);
    catalogEntry = registerInCatalog(system.api.base() + "/v1.0/%(project_id)s");
    project = keystoneAdmin.identity().projects().create("default", "tenant-" + suffix, "", true);
    member =
        keystoneAdmin.identity().users().create("default", "member-" + suffix, PASSWORD, "", true);
    String memberRole = keystoneAdmin.identity().roles().getByName("member").get(0).getId();
    keystoneAdmin
        .identity()
        .roles()
        .grantProjectUserRole(project.getId(), member.getId(), memberRole);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (catalogEntry != null) {
        adminCli("service", "delete", catalogEntry);
      }
      if (member != null) {
        keystoneAdmin.identity().users().delete(member.getId());
      }
      if (project != null) {
        keystoneAdmin.identity().projects().delete(project.getId());
      }
    } finally {
      if (system != null) {
        system.close();
      }
    }
  }

  @Test
  @Order(1)
  void aMemberLogsInWithAPasswordAndUsesItsProjectThroughTheCli() throws Exception {
    TroveCli cli =
        TroveCli.withPassword(
            cloud.get("OS_AUTH_URL"), member.getName(), PASSWORD, project.getName());
    JsonNode created =
        JSON.readTree(
            cli.ok(
                "database",
                "instance",
                "create",
                "keystone-db",
                "--flavor",
                "1",
                "--size",
                "1",
                "--datastore",
                "postgresql",
                "--datastore-version",
                "15",
                "-f",
                "json"));
    instanceId = created.get("id").asText();
    system.api.awaitInstance(
        project.getId(),
        memberToken(),
        instanceId,
        ApiClient.status("ACTIVE"),
        Duration.ofSeconds(120));
    JsonNode listed = JSON.readTree(cli.ok("database", "instance", "list", "-f", "json"));
    assertThat(listed.findValuesAsText("ID")).containsExactly(instanceId);
  }

  @Test
  @Order(2)
  void tokensKeystoneDoesNotKnowAre401() throws Exception {
    ApiClient.Answer forged =
        system.api.send(
            project.getId(), "gAAAAAforged" + UUID.randomUUID(), "GET", "/instances", null);
    assertThat(forged.status()).isEqualTo(401);
    assertThat(forged.body().path("error").path("message").asText())
        .isEqualTo("The request you have made requires authentication.");
    assertThat(forged.raw().headers().firstValue("WWW-Authenticate"))
        .hasValue("Keystone uri=\"" + cloud.get("OS_AUTH_URL").replaceAll("/+$", "") + "\"");
    assertThat(system.api.send(project.getId(), null, "GET", "/instances", null).status())
        .isEqualTo(401);

    String token = memberToken();
    assertThat(system.api.send(project.getId(), token, "GET", "/instances", null).status())
        .isEqualTo(200);
    keystoneAdmin.identity().tokens().delete(token); // revoked: Keystone no longer knows it
    Thread.sleep(2500); // past the API's token cache time
    assertThat(system.api.send(project.getId(), token, "GET", "/instances", null).status())
        .isEqualTo(401);
  }

  @Test
  @Order(3)
  void aTokenOnAnotherProjectAndAMemberOnAnAdministratorsRouteAreRefusedAsTroveRefusesThem() {
    String token = memberToken();
    ApiClient.Answer elsewhere =
        system.api.send(adminProjectId(), token, "GET", "/instances", null);
    assertThat(elsewhere.status()).isEqualTo(403);
    assertThat(elsewhere.body().path("forbidden").path("message").asText())
        .isEqualTo("User with tenant id " + project.getId() + " cannot access this resource.");

    ApiClient.Answer reset =
        system.api.send(
            project.getId(),
            token,
            "POST",
            "/instances/" + instanceId + "/action",
            "{\"reset_status\": {}}");
    assertThat(reset.status()).isEqualTo(403);
    assertThat(reset.body().path("forbidden").path("message").asText())
        .isEqualTo("Policy doesn't allow instance:reset_status to be performed.");
    ApiClient.Answer mgmt =
        system.api.send(
            project.getId(),
            token,
            "POST",
            "/mgmt/instances/" + instanceId + "/action",
            "{\"reboot\": {}}");
    // Trove's management routes answer 401 here (@admin_context raises exception.Forbidden, which
    // Trove's fault map makes a 401); its policy checks (reset_status above) answer 403.
    assertThat(mgmt.status()).isEqualTo(401);
    assertThat(mgmt.body().path("unauthorized").path("message").asText())
        .isEqualTo("User does not have admin privileges.");
    assertThat(system.api.send(project.getId(), token, "GET", "/mgmt/instances", null).status())
        .isEqualTo(401);
  }

  @Test
  @Order(4)
  void anAdministratorSeesAndResetsAnotherProjectsInstanceFromItsOwnProject() throws Exception {
    String admin = adminToken();
    JsonNode seen =
        system.api.awaitInstance(
            adminProjectId(), admin, instanceId, ApiClient.status("ACTIVE"), Duration.ofSeconds(5));
    assertThat(seen.path("instance").path("name").asText()).isEqualTo("keystone-db");
    assertThat(seen.path("instance").path("tenant_id").asText())
        .as("Trove's detail view names the project to an administrator")
        .isEqualTo(project.getId());
    assertThat(
            system
                .api
                .send(adminProjectId(), admin, "GET", "/instances", null)
                .body()
                .findValuesAsText("id"))
        .as("the administrator's own list is its own project's")
        .doesNotContain(instanceId);

    TroveCli cli =
        TroveCli.withPassword(
            cloud.get("OS_AUTH_URL"),
            cloud.get("OPENSTACK_ADMIN_USER"),
            cloud.get("OPENSTACK_ADMIN_PASSWORD"),
            cloud.get("OPENSTACK_ADMIN_PROJECT"));
    JsonNode everyProject =
        JSON.readTree(cli.ok("database", "instance", "list", "--all-projects", "-f", "json"));
    assertThat(everyProject)
        .filteredOn(row -> row.path("ID").asText().equals(instanceId))
        .singleElement()
        .satisfies(row -> assertThat(row.path("Tenant ID").asText()).isEqualTo(project.getId()));
    cli.ok("database", "instance", "reset", "status", instanceId);
    system.api.awaitInstance(
        project.getId(),
        memberToken(),
        instanceId,
        ApiClient.status("ACTIVE"),
        Duration.ofSeconds(60));

    ApiClient.Answer deleted =
        system.api.send(adminProjectId(), admin, "DELETE", "/instances/" + instanceId, null);
    assertThat(deleted.status()).isEqualTo(202);
    system.api.awaitInstance(
        project.getId(), memberToken(), instanceId, ApiClient.gone(), Duration.ofSeconds(90));
  }

  /**
   * The API as an operator registers it: service type {@code database} with its endpoints, through
   * the openstack CLI as the cloud's administrator. Answers the service's id.
   */
  private static String registerInCatalog(String url) throws Exception {
    String service =
        JSON.readTree(adminCli("service", "create", "--name", "trove", "-f", "json", "database"))
            .path("id")
            .asText();
    for (String facing : new String[] {"public", "internal", "admin"}) {
      adminCli("endpoint", "create", "--region", "RegionOne", service, facing, url);
    }
    return service;
  }

  private static String adminCli(String... args) throws Exception {
    return TroveCli.withPassword(
            cloud.get("OS_AUTH_URL"),
            cloud.get("OPENSTACK_ADMIN_USER"),
            cloud.get("OPENSTACK_ADMIN_PASSWORD"),
            cloud.get("OPENSTACK_ADMIN_PROJECT"))
        .ok(args);
  }

  private static String memberToken() {
    return token(member.getName(), PASSWORD, project.getName());
  }

  private static String adminToken() {
    return token(
        cloud.get("OPENSTACK_ADMIN_USER"),
        cloud.get("OPENSTACK_ADMIN_PASSWORD"),
        cloud.get("OPENSTACK_ADMIN_PROJECT"));
  }

  private static String adminProjectId() {
    return keystoneAdmin.getToken().getProject().getId();
  }

  private static String token(String user, String password, String projectName) {
    return OSFactory.builderV3()
        .endpoint(cloud.get("OS_AUTH_URL"))
        .credentials(user, password, Identifier.byId("default"))
        .scopeToProject(Identifier.byName(projectName), Identifier.byId("default"))
        .authenticate()
        .getToken()
        .getId();
  }
}
