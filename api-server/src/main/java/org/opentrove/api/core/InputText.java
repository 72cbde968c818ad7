package org.opentrove.api.core;

import org.opentrove.api.errors.TroveError;

/**
 * Text a tenant sends, in a body, a URL or a header: refused (400) when it holds a control
 * character (C0, DEL, C1: a NUL cannot even be stored by PostgreSQL) or half of a surrogate pair
 * (not a character at all). Everything else, any script or symbol, is text.
 */
public final class InputText {
  private InputText() {}

  /** The offending character's position, or -1 when {@code value} is clean text. */
  public static int firstInvalid(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        return i;
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** {@code value} (may be null) if it is clean text, else a 400 naming {@code field}. */
  public static String check(String field, String value) {
    if (value != null && firstInvalid(value) >= 0) {
      throw TroveError.badRequest(
          "'" + field + "' must not contain control characters or broken Unicode.");
    }
    return value;
  }

  /** {@link #check} and at most {@code maxLength} characters. */
  public static String check(String field, String value, int maxLength) {
    check(field, value);
    if (value != null && value.length() > maxLength) {
      throw TroveError.badRequest("'" + field + "' must be at most " + maxLength + " characters.");
    }
    return value;
  }
}
