package org.opentrove.api.resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.reset;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.opentrove.api.auth.NoAuthFilter;
import org.opentrove.api.core.InstanceAdmin;
import org.opentrove.api.core.SchemaBodies;
import org.opentrove.api.errors.MalformedJsonMapper;
import org.opentrove.api.errors.TroveErrorMapper;
import org.opentrove.api.errors.UnexpectedErrorMapper;
import org.opentrove.api.errors.WebErrorMapper;
import org.opentrove.api.http.RequestShapeFilter;
import org.opentrove.contract.DatabasesArgs;
import org.opentrove.contract.GuestMethods;
import org.opentrove.store.InstanceRow;

/**
 * Databases, users and root of a MariaDB instance: every bad item refuses the whole request with
 * Trove's 400 before the guest is called; bodies must be UTF-8 JSON.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class InstanceAdminResourcesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ID = UUID.randomUUID().toString();
  private static final InstanceAdmin ADMIN = mock(InstanceAdmin.class);

  private static final ResourceExtension RESOURCES =
      ResourceExtension.builder()
          .setRegisterDefaultExceptionMappers(false)
          .addProvider(new NoAuthFilter(null))
          .addProvider(new RequestShapeFilter())
          .addProvider(new TroveErrorMapper())
          .addProvider(new MalformedJsonMapper())
          .addProvider(new WebErrorMapper())
          .addProvider(new UnexpectedErrorMapper())
          .addResource(new DatabasesResource(ADMIN))
          .addResource(new UsersResource(ADMIN))
          .addResource(
              new RootResource(ADMIN, mock(org.opentrove.api.core.RootHistory.class), JSON))
          .build();

  @BeforeEach
  void aMariaDbInstance() {
    reset(ADMIN);
    InstanceRow row =
        new InstanceRow(
            UUID.fromString(ID),
            "p1",
            "db",
            "1",
            null,
            "mariadb",
            "10.11",
            "10.11",
            1,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    when(ADMIN.target(eq("p1"), anyString()))
        .thenReturn(new InstanceAdmin.Target(row, SchemaBodies.forDatastore("mariadb")));
    when(ADMIN.call(any(), anyString(), any())).thenReturn(JSON.createObjectNode());
  }

  @Test
  void validDatabasesReachTheGuestSpelledAsTheEngineSpellsThem() {
    Response response =
        post(
            "/databases",
            "{\"databases\": [{\"name\": \"shop\", \"character_set\": \"UTF8MB4\", \"collate\":"
                + " \"utf8mb4_BIN\"}]}");

    assertThat(response.getStatus()).isEqualTo(202);
    ArgumentCaptor<Object> args = ArgumentCaptor.forClass(Object.class);
    verify(ADMIN).call(any(), eq(GuestMethods.CREATE_DATABASE), args.capture());
    DatabasesArgs sent = (DatabasesArgs) args.getValue();
    assertThat(sent.databases().get(0).characterSet()).isEqualTo("utf8mb4");
    assertThat(sent.databases().get(0).collate()).isEqualTo("utf8mb4_bin");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"databases\": [{\"name\": \"a\"}, {\"name\": \"b\", \"character_set\": \"bogus\"}]}",
        "{\"databases\": [{\"name\": \"a\"}, {\"name\": \"b\", \"collate\": \"bogus_ci\"}]}",
        "{\"databases\": [{\"name\": \"a\", \"character_set\": \"latin1\", \"collate\":"
            + " \"utf8mb4_bin\"}]}",
        "{\"databases\": [{\"name\": \"a\"}, {\"name\": true}]}",
        "{\"databases\": [{\"name\": \"a\"}, {\"name\": \"mysql\"}]}",
        "{\"databases\": [{\"name\": \"a\\u0000\"}]}",
        "{\"databases\": [{\"name\": \"a\"}, {\"name\": \"a\"}]}",
        "{\"databases\": {\"name\": \"a\"}}"
      })
  void oneBadDatabaseRefusesTheWholeRequestBeforeTheGuest(String body) {
    assertBadRequest(post("/databases", body));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"users\": [{\"name\": \"ok\", \"password\": \"pw\"}, {\"name\": \"root\", \"password\":"
            + " \"pw\"}]}",
        "{\"users\": [{\"name\": \"ok\", \"password\": \"pw\", \"databases\": [{\"name\":"
            + " \"mysql\"}]}]}",
        "{\"users\": [{\"name\": \"ok\", \"password\": true}]}",
        "{\"users\": [{\"name\": \"ok\", \"password\": \"p\\u0007w\"}]}",
        "{\"users\": [{\"name\": \"ok\", \"password\": \"pw\", \"host\": 1}]}",
        "{\"users\": [\"ok\"]}"
      })
  void oneBadUserRefusesTheWholeRequestBeforeTheGuest(String body) {
    assertBadRequest(post("/users", body));
  }

  @Test
  void grantsOfReservedDatabasesAndBadTypesAreRefused() {
    assertBadRequest(put("/users/ok/databases", "{\"databases\": [{\"name\": \"mysql\"}]}"));
    assertBadRequest(put("/users/ok/databases", "{\"databases\": [{\"name\": 1}]}"));
    assertBadRequest(put("/users/ok", "{\"user\": {\"password\": false}}"));
    assertBadRequest(put("/users/ok", "{\"user\": {\"name\": \"root\"}}"));
    assertBadRequest(put("/users", "{\"users\": [\"ok\"]}"));
    assertBadRequest(post("/root", "{\"password\": 12345}"));
  }

  @Test
  void anUnsupportedCharsetIs415InTrovesShape() {
    Response response =
        request("/root")
            .post(
                Entity.entity(
                    "{}".getBytes(StandardCharsets.UTF_8), "application/json; charset=bogus"));

    assertThat(response.getStatus()).isEqualTo(415);
    JsonNode body = JSON.valueToTree(response.readEntity(java.util.Map.class));
    assertThat(body.path("badMediaType").path("code").asInt()).isEqualTo(415);
    assertThat(body.path("badMediaType").path("message").asText()).contains("bogus");
    verify(ADMIN, never()).call(any(), anyString(), any());
  }

  @Test
  void aLatin1BodyIsRefusedAndAUtf8OneIsTaken() {
    assertThat(
            request("/databases")
                .post(
                    Entity.entity(
                        "{\"databases\": [{\"name\": \"a\"}]}",
                        "application/json; charset=ISO-8859-1"))
                .getStatus())
        .isEqualTo(415);
    assertThat(
            request("/databases")
                .post(
                    Entity.entity(
                        "{\"databases\": [{\"name\": \"a\"}]}", "application/json; charset=UTF-8"))
                .getStatus())
        .isEqualTo(202);
  }

  @Test
  void controlCharactersInTheUrlAre400() {
    Response response =
        RESOURCES
            .target("/v1.0/p1/instances/" + ID + "/databases/a%00b")
            .request()
            .header("X-Auth-Token", "p1")
            .delete();

    assertBadRequest(response);
  }

  private static Response post(String path, String json) {
    return request(path).post(Entity.entity(json, "application/json"));
  }

  private static Response put(String path, String json) {
    return request(path).put(Entity.entity(json, "application/json"));
  }

  private static Invocation.Builder request(String path) {
    return RESOURCES
        .target("/v1.0/p1/instances/" + ID + path)
        .request()
        .header("X-Auth-Token", "p1");
  }

  private static void assertBadRequest(Response response) {
    String entity = response.readEntity(String.class);
    assertThat(response.getStatus()).as(entity).isEqualTo(400);
    assertThat(entity).contains("\"badRequest\"");
    verify(ADMIN, never()).call(any(), anyString(), any());
  }
}
