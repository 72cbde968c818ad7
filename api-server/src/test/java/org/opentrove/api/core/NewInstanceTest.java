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
    return NewInstance.parse(JSON.readTree(json), 100, "postgresql");
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
}
