package org.opentrove.api.quota;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.api.errors.TroveError;
import org.opentrove.store.QuotaDao;
import org.opentrove.store.QuotaUsageRow;

/**
 * Trove's quotas. A request that takes resources calls {@link #take} (or {@link #reserve}) inside
 * the transaction that writes them: the project's lock makes the count and the write one step, so
 * concurrent creates cannot overrun a limit. What frees a resource frees its quota by the same
 * write (a deleted row no longer counts; a finished operation's reservation no longer counts).
 */
public class Quotas {
  private final Jdbi jdbi;
  private final QuotaConfig defaults;

  public Quotas(Jdbi jdbi, QuotaConfig defaults) {
    this.jdbi = jdbi;
    this.defaults = defaults;
  }

  /**
   * Checks that the project has room for {@code deltas} in {@code h}'s transaction, which then
   * holds the project's quota lock; otherwise Trove's 413 naming every resource over its limit.
   */
  public void take(Handle h, String projectId, QuotaDeltas deltas) {
    if (deltas.amounts().values().stream().noneMatch(amount -> amount > 0)) {
      return;
    }
    QuotaDao dao = h.attach(QuotaDao.class);
    dao.lockProject(projectId);
    List<String> overs =
        usage(dao, projectId).stream()
            .filter(usage -> !usage.allows(deltas.amounts().getOrDefault(usage.resource(), 0L)))
            .map(usage -> usage.resource().troveName())
            .sorted()
            .toList();
    if (!overs.isEmpty()) {
      throw TroveError.overLimit("Quota exceeded for resources: " + pythonList(overs) + ".");
    }
  }

  /**
   * As {@link #take}, for growth the rows show only when {@code operationId} succeeds (a resize):
   * the growth is reserved for as long as the operation has not ended.
   */
  public void reserve(Handle h, String projectId, String operationId, QuotaDeltas deltas) {
    take(h, projectId, deltas);
    QuotaDao dao = h.attach(QuotaDao.class);
    deltas
        .amounts()
        .forEach(
            (resource, amount) -> {
              if (amount > 0) {
                dao.reserve(operationId, projectId, resource.troveName(), Math.toIntExact(amount));
              }
            });
  }

  /**
   * A retried create of an instance that gave its quota back (its compensation removed everything)
   * takes it again, or is refused with Trove's 413.
   */
  public void retakeInstance(Handle h, UUID instanceId) {
    QuotaDao dao = h.attach(QuotaDao.class);
    Optional<QuotaDao.ReleasedInstance> released = dao.released(instanceId);
    if (released.isPresent()) {
      QuotaDao.ReleasedInstance row = released.get();
      take(h, row.projectId(), QuotaDeltas.instances(1, row.ramMb(), row.volumeSizeGb()));
      dao.holdInstance(instanceId);
    }
  }

  /**
   * A retried operation's reservation (a resize's growth) counts again once it runs: it is taken
   * again under the lock, or refused with Trove's 413.
   */
  public void retakeReservations(Handle h, String projectId, String operationId) {
    QuotaDeltas deltas = QuotaDeltas.none();
    for (Map.Entry<String, Integer> reserved :
        h.attach(QuotaDao.class).reservationsOf(operationId).entrySet()) {
      QuotaResource resource = QuotaResource.named(reserved.getKey()).orElseThrow();
      deltas = deltas.plus(resource, reserved.getValue());
    }
    take(h, projectId, deltas);
  }

  /** Trove's quota show: each resource's use, reservations and limit. */
  public List<QuotaUsage> usage(String projectId) {
    return jdbi.withExtension(QuotaDao.class, dao -> usage(dao, projectId));
  }

  /**
   * Trove's quota update: {@code {"quotas": {"instances": 5, ...}}}, each limit at least -1 (a null
   * one left as it is), answered as Trove answers the first bad one; but all are checked before any
   * is written. Returns the limits set.
   */
  public Map<String, Integer> update(String projectId, JsonNode body) {
    JsonNode quotas = body == null ? null : body.get("quotas");
    if (quotas == null || !quotas.isObject() || quotas.isEmpty()) {
      throw TroveError.badRequest("Invalid request body.");
    }
    Map<String, Integer> limits = new LinkedHashMap<>();
    quotas
        .fields()
        .forEachRemaining(
            field -> {
              JsonNode value = field.getValue();
              if (value.isNull() || "xmlns".equals(field.getKey())) {
                return;
              }
              int limit = limitOf(field.getKey(), value);
              if (QuotaResource.named(field.getKey()).isEmpty()) {
                throw TroveError.notFound("Unknown quota resources " + field.getKey() + ".");
              }
              limits.put(field.getKey(), limit);
            });
    jdbi.useTransaction(
        h -> {
          QuotaDao dao = h.attach(QuotaDao.class);
          limits.forEach((resource, limit) -> dao.setLimit(projectId, resource, limit));
        });
    return limits;
  }

  private static int limitOf(String resource, JsonNode value) {
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw TroveError.badRequest("Quota limit for '" + resource + "' must be an integer.");
    }
    int limit = value.intValue();
    if (limit < -1) {
      throw TroveError.badRequest(
          "Quota limit '"
              + limit
              + "' for '"
              + resource
              + "' is too small - must be at least '-1'.");
    }
    return limit;
  }

  private List<QuotaUsage> usage(QuotaDao dao, String projectId) {
    Map<String, Integer> limits = dao.limits(projectId);
    Map<String, Long> reserved = dao.reserved(projectId);
    QuotaUsageRow held = dao.inUse(projectId);
    List<QuotaUsage> result = new ArrayList<>();
    for (QuotaResource resource : QuotaResource.values()) {
      result.add(
          new QuotaUsage(
              resource,
              heldOf(held, resource),
              reserved.getOrDefault(resource.troveName(), 0L),
              limits.getOrDefault(resource.troveName(), defaults.defaultFor(resource))));
    }
    return result;
  }

  /** One resource's share of what a project's (or every project's) rows hold. */
  public static long heldOf(QuotaUsageRow held, QuotaResource resource) {
    return switch (resource) {
      case INSTANCES -> held.instances();
      case RAM -> held.ram();
      case VOLUMES -> held.volumes();
      case BACKUPS -> held.backups();
    };
  }

  /** Python's str() of a list of strings, as Trove's message shows it. */
  private static String pythonList(List<String> names) {
    return names.stream().map(name -> "'" + name + "'").collect(Collectors.joining(", ", "[", "]"));
  }
}
