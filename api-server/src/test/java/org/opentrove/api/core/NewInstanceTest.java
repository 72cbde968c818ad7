package org.opentrove.api.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentrove.api.errors.TroveError;

class NewInstanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static NewInstance parse(String json) throws Exception {
    return NewInstance.parse(JSON.readTree(json), 100).forDatastore("postgresql");
  }

  @Test
  void parsesTrovesCreateBody() throws Exception {
    NewInstance request =
        parse(
            """
            {"instance": {"name": "db", "flavorRef": "https://h/v1.0/p/flavors/2",
              "volume": {"size": "5"}, "datastore": {"type": "postgresql", "version": "15"},
              "databases": [{"name": "app", "character_set": "UTF8"}],
              "users": [{"name": "u1", "password": "pw", "databases": [{"name": "app"}]}]}}
            """);

    assertThat(request.flavorRef()).isEqualTo("2");
    assertThat(request.volumeSizeGb()).isEqualTo(5);
    assertThat(request.databases().get(0).characterSet()).isEqualTo("UTF8");
    assertThat(request.users().get(0).databases()).containsExactly("app");
  }

  @Test
  void localityIsOneOfTrovesPoliciesAndTravelsWithTheRequest() throws Exception {
    String body =
        "{\"instance\": {\"name\": \"db\", \"flavorRef\": 1, \"volume\": {\"size\": 1},"
            + " \"locality\": %s}}";
    assertThat(parse(body.formatted("\"anti-affinity\"")).locality()).isEqualTo("anti-affinity");
    assertThat(parse(body.formatted("\"affinity\"")).redacted())
        .containsEntry("locality", "affinity");
    assertThat(parse(body.formatted("null")).locality()).isNull();
    assertThatThrownBy(() -> parse(body.formatted("\"soft-affinity\"")))
        .isInstanceOfSatisfying(
            TroveError.class,
            e ->
                assertThat(e.getMessage())
                    .isEqualTo(
                        "Invalid locality 'soft-affinity'. Must be one of ['affinity',"
                            + " 'anti-affinity']"));
    assertThatThrownBy(() -> parse(body.formatted("7"))).isInstanceOf(TroveError.class);
  }

  @Test
  void volumeTypeIsTrovesNonEmptyNameOrNullAndTravelsWithTheRequest() throws Exception {
    String body =
        "{\"instance\": {\"name\": \"db\", \"flavorRef\": 1, \"volume\": {\"size\": 1,"
            + " \"type\": %s}}}";
    assertThat(parse(body.formatted("\"ssd\"")).volumeType()).isEqualTo("ssd");
    assertThat(parse(body.formatted("\"ssd\"")).redacted().get("volume"))
        .isEqualTo(java.util.Map.of("size", 1, "type", "ssd"));
    assertThat(parse(body.formatted("null")).volumeType()).isNull();
    for (String bad : new String[] {"\"\"", "\"--\"", "7", "{}", "\"" + "a".repeat(256) + "\""}) {
      assertThatThrownBy(() -> parse(body.formatted(bad)))
          .as(bad)
          .isInstanceOfSatisfying(TroveError.class, e -> assertThat(e.code()).isEqualTo(400));
    }
  }

  @Test
  void redactedRequestNeverHoldsThePassword() throws Exception {
    NewInstance request =
        parse(
            "{\"instance\": {\"name\": \"db\", \"flavorRef\": 1, \"volume\": {\"size\": 1},"
                + " \"users\": [{\"name\": \"u1\", \"password\": \"hunter2\"}]}}");

    assertThat(JSON.writeValueAsString(request.redacted())).doesNotContain("hunter2");
    assertThat(request.users().get(0).toString()).doesNotContain("hunter2");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "x\\\"; drop table t; --",
        "a`b",
        "semi;colon",
        "spaces here",
        "pg_catalog",
        "postgres",
        "template1",
        "ünïcödé",
        "",
        "0starts_with_digit",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
      })
  void hostileDatabaseNamesAreRejectedWithABadRequest(String name) {
    String json =
        "{\"instance\": {\"name\": \"db\", \"flavorRef\": \"1\", \"volume\": {\"size\": 1},"
            + " \"databases\": [{\"name\": \""
            + name
            + "\"}]}}";
    assertThatThrownBy(() -> parse(json))
        .isInstanceOfSatisfying(TroveError.class, e -> assertThat(e.code()).isEqualTo(400));
  }

  @Test
  void userGrantedADatabaseThatIsNotCreatedIsRejected() {
    assertThatThrownBy(
            () ->
                parse(
                    "{\"instance\": {\"name\": \"db\", \"flavorRef\": \"1\", \"volume\": {\"size\":"
                        + " 1}, \"users\": [{\"name\": \"u\", \"password\": \"p\", \"databases\":"
                        + " [{\"name\": \"ghost\"}]}]}}"))
        .hasMessageContaining("ghost");
  }

  @Test
  void volumeAboveTheLimitIsRejected() {
    assertThatThrownBy(
            () ->
                parse(
                    "{\"instance\": {\"name\": \"db\", \"flavorRef\": \"1\", \"volume\": {\"size\":"
                        + " 101}}}"))
        .hasMessageContaining("maximum");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"name\": \"a\\u0000b\", \"flavorRef\": \"1\", \"volume\": {\"size\": 1}}",
        "{\"name\": \"a\", \"flavorRef\": \"1\\u0000\", \"volume\": {\"size\": 1}}",
        "{\"name\": \"a\", \"flavorRef\": \"1\", \"volume\": {\"size\": 1},"
            + " \"datastore\": {\"type\": \"postgresql\\u0000\"}}",
        "{\"name\": \"a\", \"flavorRef\": \"1\", \"volume\": {\"size\": 1},"
            + " \"datastore\": {\"type\": \"postgresql\", \"version\": \"15\\u001b\"}}",
        "{\"name\": \"line\\nbreak\", \"flavorRef\": \"1\", \"volume\": {\"size\": 1}}",
        "{\"name\": \"half \\ud800 pair\", \"flavorRef\": \"1\", \"volume\": {\"size\": 1}}",
        "{\"name\": \"a\", \"flavorRef\": \"1\", \"volume\": {\"size\": 1},"
            + " \"restorePoint\": {\"backupRef\": \"\\u0000\"}}"
      })
  void controlCharactersInAnyStringFieldAreABadRequest(String instance) {
    assertBadRequest("{\"instance\": " + instance + "}");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"name\": true",
        "\"name\": 12",
        "\"name\": [\"db\"]",
        "\"name\": \"db\", \"character_set\": false",
        "\"name\": \"db\", \"collate\": {}"
      })
  void databaseFieldsMustBeJsonStrings(String fields) {
    assertBadRequest(
        "{\"instance\": {\"name\": \"i\", \"flavorRef\": \"1\", \"volume\": {\"size\": 1},"
            + " \"databases\": [{"
            + fields
            + "}]}}");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"name\": true, \"password\": \"pw\"}",
        "{\"name\": \"u\", \"password\": 1234}",
        "{\"name\": \"u\", \"password\": \"pw\", \"host\": false}",
        "{\"name\": \"u\", \"password\": \"pw\", \"databases\": [7]}"
      })
  void userFieldsMustBeJsonStrings(String user) {
    assertBadRequest(
        "{\"instance\": {\"name\": \"i\", \"flavorRef\": \"1\", \"volume\": {\"size\": 1},"
            + " \"users\": ["
            + user
            + "]}}");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"4294967297", "2147483648", "1e3", "1.5", "\"4294967297\"", "\"-1\"", "true"})
  void volumeSizesThatDoNotFitAreRefusedNotWrapped(String size) {
    assertBadRequest(
        "{\"instance\": {\"name\": \"i\", \"flavorRef\": \"1\", \"volume\": {\"size\": "
            + size
            + "}}}");
  }

  @Test
  void theEngineOfTheResolvedDatastoreDecidesTheNames() throws Exception {
    NewInstance request =
        NewInstance.parse(
            JSON.readTree(
                "{\"instance\": {\"name\": \"i\", \"flavorRef\": \"1\", \"volume\": {\"size\":"
                    + " 1}, \"databases\": [{\"name\": \"mysql\"}]}}"),
            100);

    assertThat(request.forDatastore("postgresql").databases()).hasSize(1);
    assertThatThrownBy(() -> request.forDatastore("mariadb")).hasMessageContaining("reserved");
  }

  @Test
  void anUnknownCharacterSetRefusesTheWholeRequest() throws Exception {
    NewInstance request =
        NewInstance.parse(
            JSON.readTree(
                "{\"instance\": {\"name\": \"i\", \"flavorRef\": \"1\", \"volume\": {\"size\":"
                    + " 1}, \"databases\": [{\"name\": \"a\"}, {\"name\": \"b\","
                    + " \"character_set\": \"klingon\"}]}}"),
            100);

    assertThatThrownBy(() -> request.forDatastore("mariadb")).hasMessageContaining("klingon");
    assertThatThrownBy(() -> request.forDatastore("postgresql")).hasMessageContaining("klingon");
  }

  private static void assertBadRequest(String json) {
    assertThatThrownBy(() -> parse(json))
        .isInstanceOfSatisfying(TroveError.class, e -> assertThat(e.code()).isEqualTo(400));
  }
}
