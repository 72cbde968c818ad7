package org.opentrove.api.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentrove.api.errors.TroveError;

class JsonFieldsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode node(String json) throws Exception {
    return JSON.readTree(json);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a\u0000b",
        "tab\there",
        "bell\u0007",
        "del\u007f",
        "c1\u0085",
        "\ud800",
        "x\udc00"
      })
  void controlCharactersAndBrokenUnicodeAreNotText(String value) {
    assertThat(InputText.firstInvalid(value)).isNotNegative();
    assertThatThrownBy(() -> InputText.check("name", value))
        .isInstanceOfSatisfying(TroveError.class, e -> assertThat(e.code()).isEqualTo(400))
        .hasMessageContaining("'name'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain", "ünïcödé", "日本語", "emoji \ud83d\ude00", "quotes '\"`;--", ""})
  void anyScriptOrSymbolIsText(String value) {
    assertThat(InputText.check("name", value)).isEqualTo(value);
  }

  @Test
  void stringsMustBeJsonStrings() throws Exception {
    assertThat(JsonFields.optionalString(node("{\"a\": \"x\"}"), "a")).isEqualTo("x");
    assertThat(JsonFields.optionalString(node("{\"a\": null}"), "a")).isNull();
    assertThat(JsonFields.optionalString(node("{}"), "a")).isNull();
    for (String wrong : new String[] {"true", "1", "1.5", "[]", "{}"}) {
      assertThatThrownBy(() -> JsonFields.optionalString(node("{\"a\": " + wrong + "}"), "a"))
          .hasMessageContaining("must be a string");
    }
    assertThatThrownBy(
            () -> JsonFields.optionalString(node("{\"a\": \"" + "x".repeat(256) + "\"}"), "a"))
        .hasMessageContaining("at most 255");
  }

  @Test
  void numbersMustFitNotWrap() throws Exception {
    assertThat(JsonFields.positiveInt(node("7"), "size", 10, "GB")).isEqualTo(7);
    assertThat(JsonFields.positiveInt(node("\"007\""), "size", 10, "GB")).isEqualTo(7);
    for (String wrong :
        new String[] {"4294967297", "18446744073709551617", "0", "-1", "1.0", "\"1e3\"", "null"}) {
      assertThatThrownBy(() -> JsonFields.positiveInt(node(wrong), "size", 10, "GB"))
          .as(wrong)
          .isInstanceOf(TroveError.class);
    }
  }

  @Test
  void flagsAreTrovesBooleanStrings() throws Exception {
    assertThat(JsonFields.optionalFlag(node("{\"f\": 1}"), "f")).isTrue();
    assertThat(JsonFields.optionalFlag(node("{\"f\": false}"), "f")).isFalse();
    assertThat(JsonFields.optionalFlag(node("{}"), "f")).isFalse();
    assertThatThrownBy(() -> JsonFields.optionalFlag(node("{\"f\": \"yes\"}"), "f"))
        .isInstanceOf(TroveError.class);
    assertThatThrownBy(() -> JsonFields.optionalFlag(node("{\"f\": 2}"), "f"))
        .isInstanceOf(TroveError.class);
  }
}
