package org.opentrove.api.core;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opentrove.api.errors.TroveError;

/**
 * An instance's weekly maintenance window in RDS's form, {@code ddd:hh:mm-ddd:hh:mm} in UTC ({@code
 * sun:03:00-sun:04:00}): operations asked for at {@code "next_window"} run when it next opens.
 */
public record MaintenanceWindow(
    DayOfWeek startDay, LocalTime start, DayOfWeek endDay, LocalTime end) {
  private static final Pattern FORM =
      Pattern.compile("([a-z]{3}):([0-9]{2}):([0-9]{2})-([a-z]{3}):([0-9]{2}):([0-9]{2})");
  private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
  private static final Duration SHORTEST = Duration.ofMinutes(30);

  /** The window a tenant gave, checked: a clear 400 otherwise. */
  public static MaintenanceWindow parse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw invalid();
    }
    MaintenanceWindow window =
        new MaintenanceWindow(
            day(m.group(1)),
            time(m.group(2), m.group(3)),
            day(m.group(4)),
            time(m.group(5), m.group(6)));
    if (window.length().compareTo(SHORTEST) < 0) {
      throw TroveError.badRequest("A maintenance window must last at least 30 minutes.");
    }
    return window;
  }

  /** How it is stored and shown: {@code sun:03:00-sun:04:00}. */
  @Override
  public String toString() {
    return DAYS.get(startDay.getValue() - 1)
        + ":"
        + start
        + "-"
        + DAYS.get(endDay.getValue() - 1)
        + ":"
        + end;
  }

  /** When the window next opens after {@code now}. */
  public Instant nextStart(Instant now) {
    ZonedDateTime utc = now.atZone(ZoneOffset.UTC);
    ZonedDateTime candidate =
        utc.with(TemporalAdjusters.nextOrSame(startDay)).with(start).withSecond(0).withNano(0);
    if (!candidate.toInstant().isAfter(now)) {
      candidate = candidate.plusWeeks(1);
    }
    return candidate.toInstant();
  }

  private Duration length() {
    long startMinute =
        (startDay.getValue() - 1) * 1440L + start.getHour() * 60L + start.getMinute();
    long endMinute = (endDay.getValue() - 1) * 1440L + end.getHour() * 60L + end.getMinute();
    long minutes = Math.floorMod(endMinute - startMinute, 7 * 1440L);
    return Duration.ofMinutes(minutes);
  }

  private static DayOfWeek day(String name) {
    int index = DAYS.indexOf(name);
    if (index < 0) {
      throw invalid();
    }
    return DayOfWeek.of(index + 1);
  }

  private static LocalTime time(String hours, String minutes) {
    int h = Integer.parseInt(hours);
    int m = Integer.parseInt(minutes);
    if (h > 23 || m > 59) {
      throw invalid();
    }
    return LocalTime.of(h, m);
  }

  private static TroveError invalid() {
    return TroveError.badRequest(
        "'maintenance_window' must be ddd:hh:mm-ddd:hh:mm in UTC, such as"
            + " sun:03:00-sun:04:00.");
  }
}
