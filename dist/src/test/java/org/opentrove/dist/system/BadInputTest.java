package org.opentrove.dist.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad requests get Trove's error bodies and change nothing. */
class BadInputTest {
  private static TroveSystem system;

  @BeforeAll
  static void start() throws Exception {
    system = TroveSystem.start();
  }

  @AfterAll
  static void stop() throws Exception {
    system.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "missing name|400|badRequest|{\"instance\": {\"flavorRef\": \"1\", \"volume\": {\"size\": 1}}}",
        "unknown flavor|400|badRequest|{\"instance\": {\"name\": \"a\", \"flavorRef\": \"99\", \"volume\": {\"size\": 1}}}",
        "unknown datastore|404|itemNotFound|{\"instance\": {\"name\": \"a\", \"flavorRef\": \"1\", \"volume\": {\"size\": 1}, \"datastore\": {\"type\": \"oracle\"}}}",
        "unknown version (Trove: 400 by name)|400|badRequest|{\"instance\": {\"name\": \"a\", \"flavorRef\": \"1\", \"volume\": {\"size\": 1}, \"datastore\": {\"type\": \"postgresql\", \"version\": \"9.6\"}}}",
        "volume size zero|400|badRequest|{\"instance\": {\"name\": \"a\", \"flavorRef\": \"1\", \"volume\": {\"size\": 0}}}",
        "negative volume size|400|badRequest|{\"instance\": {\"name\": \"a\", \"flavorRef\": \"1\", \"volume\": {\"size\": -3}}}",
        "malformed json|400|badRequest|{\"instance\": {\"name\": ",
        "not an object|400|badRequest|[1, 2]",
        "hostile database name|400|badRequest|{\"instance\": {\"name\": \"a\", \"flavorRef\": \"1\", \"volume\": {\"size\": 1}, \"databases\": [{\"name\": \"x\\\"; drop table t; --\"}]}}",
        "reserved user|400|badRequest|{\"instance\": {\"name\": \"a\", \"flavorRef\": \"1\", \"volume\": {\"size\": 1}, \"users\": [{\"name\": \"os_admin\", \"password\": \"x\"}]}}",
        "empty password|400|badRequest|{\"instance\": {\"name\": \"a\", \"flavorRef\": \"1\", \"volume\": {\"size\": 1}, \"users\": [{\"name\": \"bob\", \"password\": \"\"}]}}",
        "NUL in the name|400|badRequest|{\"instance\": {\"name\": \"a\\u0000b\", \"flavorRef\": \"1\", \"volume\": {\"size\": 1}}}",
        "NUL in flavorRef|400|badRequest|{\"instance\": {\"name\": \"a\", \"flavorRef\": \"1\\u0000\", \"volume\": {\"size\": 1}}}",
        "NUL in the datastore|400|badRequest|{\"instance\": {\"name\": \"a\", \"flavorRef\": \"1\", \"volume\": {\"size\": 1}, \"datastore\": {\"type\": \"postgresql\\u0000\"}}}",
        "NUL in the version|400|badRequest|{\"instance\": {\"name\": \"a\", \"flavorRef\": \"1\", \"volume\": {\"size\": 1}, \"datastore\": {\"type\": \"postgresql\", \"version\": \"15\\u0000\"}}}",
        "database name not a string|400|badRequest|{\"instance\": {\"name\": \"a\", \"flavorRef\": \"1\", \"volume\": {\"size\": 1}, \"databases\": [{\"name\": true}]}}",
        "volume size beyond an int|400|badRequest|{\"instance\": {\"name\": \"a\", \"flavorRef\": \"1\", \"volume\": {\"size\": 4294967297}}}",
        "unknown character set|400|badRequest|{\"instance\": {\"name\": \"a\", \"flavorRef\": \"1\", \"volume\": {\"size\": 1}, \"databases\": [{\"name\": \"x\"}, {\"name\": \"y\", \"character_set\": \"klingon\"}]}}",
        "backupRef not a UUID (Trove's schema)|400|badRequest|{\"instance\": {\"name\": \"a\", \"flavorRef\": \"1\", \"volume\": {\"size\": 1}, \"restorePoint\": {\"backupRef\": \"last-night\"}}}",
        "system database of the datastore named by id|400|badRequest|{\"instance\": {\"name\": \"a\", \"flavorRef\": \"1\", \"volume\": {\"size\": 1}, \"datastore\": {\"type\": \"6f0a4b1e-6a39-4f5c-9d8b-0c1d2e3f4b01\"}, \"databases\": [{\"name\": \"mysql\"}]}}"
      })
  void badCreateIsRejectedAndChangesNothing(String why, int code, String fault, String body) {
    int before = rows();

    ApiClient.Answer answer = system.api.post("p1", "/instances", body);

    assertThat(answer.status()).as(why).isEqualTo(code);
    assertThat(answer.body().get(fault).get("code").asInt()).isEqualTo(code);
    assertThat(answer.body().get(fault).get("message").asText()).isNotBlank();
    assertThat(rows()).as("rows after " + why).isEqualTo(before);
  }

  @Test
  void badBackupsAndUnreadableBodiesAreRefusedAndChangeNothing() {
    int before = rows();
    String instance = java.util.UUID.randomUUID().toString();

    ApiClient.Answer nulName =
        system.api.post("p1", "/backups", "{\"backup\": {\"name\": \"b\\u0000\"}}");
    ApiClient.Answer nulDescription =
        system.api.post(
            "p1",
            "/backups",
            "{\"backup\": {\"name\": \"b\", \"description\": \"d\\u0000\", \"instance\": \""
                + instance
                + "\"}}");
    ApiClient.Answer bogusCharset = postWithContentType("/instances/" + instance + "/root");

    assertThat(nulName.status()).isEqualTo(400);
    assertThat(nulName.body().has("badRequest")).isTrue();
    assertThat(nulDescription.status()).isEqualTo(400);
    assertThat(bogusCharset.status()).isEqualTo(415);
    assertThat(bogusCharset.body().path("badMediaType").path("code").asInt()).isEqualTo(415);
    assertThat(rows()).isEqualTo(before);
  }

  private static ApiClient.Answer postWithContentType(String path) {
    try {
      java.net.http.HttpResponse<String> response =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create(system.api.base() + "/v1.0/p1" + path))
                      .header("X-Auth-Token", "p1")
                      .header("Content-Type", "application/json; charset=bogus")
                      .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      return new ApiClient.Answer(
          response.statusCode(),
          new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()),
          response);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aVolumeTypeTheVolumeServiceLacksIsTrovesNotFoundAndChangesNothing() {
    int before = rows();
    ApiClient.Answer refused =
        system.api.post(
            "p1",
            "/instances",
            "{\"instance\": {\"name\": \"typed\", \"flavorRef\": 1,"
                + " \"volume\": {\"size\": 1, \"type\": \"ssd\"}}}");
    assertThat(refused.status()).isEqualTo(404);
    assertThat(refused.body().at("/itemNotFound/message").asText())
        .startsWith("The volume type ssd is not valid for datastore version ");
    assertThat(rows()).isEqualTo(before);
  }

  @Test
  void wrongTokenIs401() {
    ApiClient.Answer answer = system.api.send("p1", "p2", "GET", "/instances", null);
    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.body().get("unauthorized").get("code").asInt()).isEqualTo(401);
    assertThat(system.api.send("p1", null, "GET", "/instances", null).status()).isEqualTo(401);
  }

  @Test
  void anotherProjectsInstanceIs404() throws Exception {
    String id = system.create("owner", "mine");

    ApiClient.Answer peek = system.api.get("intruder", "/instances/" + id);
    ApiClient.Answer delete = system.api.delete("intruder", "/instances/" + id);

    assertThat(peek.status()).isEqualTo(404);
    assertThat(peek.body().get("itemNotFound").get("message").asText()).contains(id);
    assertThat(delete.status()).isEqualTo(404);
    system.api.awaitInstance(
        "owner", id, ApiClient.status("ACTIVE"), java.time.Duration.ofSeconds(90));
    system.deleteAndAwaitGone("owner", id);
  }

  @Test
  void unknownInstanceAndRouteAre404InTrovesShape() {
    ApiClient.Answer answer = system.api.get("p1", "/instances/not-a-uuid");
    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.body().has("itemNotFound")).isTrue();
    ApiClient.Answer route = system.api.get("p1", "/no-such-thing");
    assertThat(route.status()).isEqualTo(404);
    assertThat(route.body().has("itemNotFound")).isTrue();
    ApiClient.Answer method = system.api.send("p1", "p1", "PATCH", "/flavors", "{}");
    assertThat(method.status()).as("Trove's router matches path and method: 404").isEqualTo(404);
    assertThat(method.body().has("itemNotFound")).isTrue();
  }

  /** Trove's answers where it is lenient or refuses by its schema: each changes nothing. */
  @Test
  void troveLenientAndSchemaAnswersChangeNothing() {
    int before = rows();
    String instance = java.util.UUID.randomUUID().toString();

    ApiClient.Answer filtered = system.api.get("p1", "/backups?instance_id=not-an-id");
    ApiClient.Answer backup =
        system.api.post(
            "p1", "/backups", "{\"backup\": {\"name\": \"b\", \"instance\": \"not-an-id\"}}");
    ApiClient.Answer parent =
        system.api.post(
            "p1",
            "/backups",
            "{\"backup\": {\"name\": \"b\", \"instance\": \""
                + instance
                + "\", \"parent_id\": \"x\"}}");
    ApiClient.Answer databaseShow =
        system.api.get("p1", "/instances/" + instance + "/databases/appdb");

    assertThat(filtered.status()).as("a filter no instance matches").isEqualTo(200);
    assertThat(filtered.body().get("backups")).isEmpty();
    assertThat(backup.status()).isEqualTo(400);
    assertThat(parent.status()).isEqualTo(400);
    assertThat(databaseShow.status()).as("the instance is looked up first").isEqualTo(404);
    assertThat(rows()).isEqualTo(before);
  }

  private int rows() {
    return system.jdbi.withHandle(
        h ->
            h.createQuery(
                    "select (select count(*) from instances) + (select count(*) from operations)")
                .mapTo(Integer.class)
                .one());
  }
}
