package org.opentrove.api.views;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Timestamps as Trove writes them: ISO-8601 in UTC, to the second, without a zone suffix. */
public final class Times {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private Times() {}

  public static String format(Instant instant) {
    return instant == null ? null : FORMAT.format(instant);
  }
}
