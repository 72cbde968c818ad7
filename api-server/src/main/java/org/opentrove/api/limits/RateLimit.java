package org.opentrove.api.limits;

import java.util.regex.Pattern;

/**
 * One of Trove's rate limits: {@code value} requests of {@code verb} to paths matching {@code
 * regex} (the path after {@code /v1.0/{project}}) per {@code unitSeconds}, shown as {@code uri}.
 */
record RateLimit(String verb, String uri, Pattern regex, int value, int unitSeconds) {
  RateLimit {
    if (value <= 0) {
      throw new IllegalArgumentException("Limit value must be > 0");
    }
  }

  static RateLimit perMinute(String verb, String uri, String regex, int value) {
    return new RateLimit(verb, uri, Pattern.compile(regex), value, 60);
  }

  boolean applies(String method, String path) {
    return verb.equals(method) && regex.matcher(path).lookingAt();
  }

  String unitName() {
    return switch (unitSeconds) {
      case 1 -> "SECOND";
      case 60 -> "MINUTE";
      case 3600 -> "HOUR";
      case 86400 -> "DAY";
      default -> "UNKNOWN";
    };
  }

  /** Trove's message for a refused request. */
  String refusal() {
    return "Only "
        + value
        + " "
        + verb
        + " request(s) can be made to "
        + uri
        + " every "
        + unitName().toLowerCase(java.util.Locale.ROOT)
        + ".";
  }
}
