package org.opentrove.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import org.opentrove.api.errors.TroveError;

/**
 * Reads fields of a request body strictly, as Trove's JSON schemas do: a string must be a JSON
 * string ({@code {"name": true}} is a 400, never the name {@code "true"}), a number must fit, and
 * every string is {@link InputText clean text}.
 */
public final class JsonFields {
  /** Longest string any field takes unless it says otherwise (Trove's non_empty_string). */
  public static final int MAX_STRING = 255;

  private JsonFields() {}

  /** The string in {@code field}, or null when it is absent or JSON null. */
  public static String optionalString(JsonNode object, String field) {
    return optionalString(object, field, MAX_STRING);
  }

  public static String optionalString(JsonNode object, String field, int maxLength) {
    JsonNode value = object == null ? null : object.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    return string(value, field, maxLength);
  }

  /** The string in {@code field}; a 400 saying {@code label} is required when it is missing. */
  public static String requiredString(JsonNode object, String field, String label) {
    String value = optionalString(object, field);
    if (value == null) {
      throw TroveError.badRequest(label + " is required ('" + field + "').");
    }
    return value;
  }

  /** {@code value} itself must be a JSON string. */
  public static String string(JsonNode value, String field, int maxLength) {
    if (!value.isTextual()) {
      throw TroveError.badRequest("'" + field + "' must be a string.");
    }
    return InputText.check(field, value.asText(), maxLength);
  }

  /**
   * A whole number from 1 to {@code max}, given as a JSON integer or a string of digits (Trove's
   * volume_size) in {@code unit}s. Numbers that do not fit are refused, never wrapped around.
   */
  public static int positiveInt(JsonNode value, String field, int max, String unit) {
    BigInteger number;
    if (value.isIntegralNumber()) {
      number = value.bigIntegerValue();
    } else if (value.isTextual() && value.asText().matches("[0-9]{1,40}")) {
      number = new BigInteger(value.asText());
    } else {
      throw TroveError.badRequest("'" + field + "' must be a whole number.");
    }
    if (number.signum() <= 0) {
      throw TroveError.badRequest("'" + field + "' must be greater than 0 " + unit + ".");
    }
    if (number.compareTo(BigInteger.valueOf(max)) > 0) {
      throw TroveError.badRequest(
          "'" + field + "' exceeds the maximum of " + max + " " + unit + ".");
    }
    return number.intValue();
  }

  /** Trove's boolean_string: {@code true}/{@code false} or {@code 1}/{@code 0}; absent is false. */
  public static boolean optionalFlag(JsonNode object, String field) {
    JsonNode value = object == null ? null : object.get(field);
    if (value == null || value.isNull()) {
      return false;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isIntegralNumber() && value.canConvertToInt()) {
      int number = value.intValue();
      if (number == 0 || number == 1) {
        return number == 1;
      }
    }
    throw TroveError.badRequest("'" + field + "' must be true, false, 1 or 0.");
  }

  /** The object in {@code field}, or null when absent or JSON null; a 400 for another type. */
  public static JsonNode optionalObject(JsonNode object, String field) {
    JsonNode value = object == null ? null : object.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isObject()) {
      throw TroveError.badRequest("'" + field + "' must be an object.");
    }
    return value;
  }
}
