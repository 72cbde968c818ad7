package org.opentrove.dist.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Generates the fuzz tier's requests from a seed: every route of the API, filled with the projects'
 * own ids, another project's ids or hostile values, with bodies built from a valid shape and then
 * broken (wrong types, hostile strings, removed or extra fields, broken bytes), odd content types
 * and charsets, wrong or missing tokens, and a few requests no HTTP library would write.
 *
 * <p>It never writes a request that could legitimately destroy the fixtures: no DELETE of a
 * project's own instance or backup, no known instance action on its own instance (only {@code
 * reset_status}, an administrator's), and every create of an instance or backup carries at least
 * one defect that must be refused.
 */
final class FuzzRequests {
  /** A project under test and what it owns. */
  record Project(
      String id,
      String datastore,
      String instanceId,
      String instanceName,
      String backupId,
      String backupName,
      List<String> operationIds) {

    /** Every id this project owns: another project must never read or change them. */
    List<String> ids() {
      List<String> ids = new ArrayList<>(operationIds);
      ids.add(instanceId);
      if (backupId != null) {
        ids.add(backupId);
      }
      return ids;
    }

    /** Names no request ever carries: seeing one in an answer means it was read. */
    List<String> names() {
      return backupName == null ? List.of(instanceName) : List.of(instanceName, backupName);
    }
  }

  private enum Body {
    NONE,
    INSTANCE,
    ACTION,
    DATABASES,
    USERS,
    PASSWORDS,
    USER,
    GRANTS,
    ROOT,
    BACKUP
  }

  private record Route(String method, String template, Body body) {}

  private static final List<Route> ROUTES =
      List.of(
          new Route("GET", "/", Body.NONE),
          new Route("GET", "/flavors", Body.NONE),
          new Route("GET", "/flavors/{flavor}", Body.NONE),
          new Route("GET", "/datastores", Body.NONE),
          new Route("GET", "/datastores/{ds}", Body.NONE),
          new Route("GET", "/datastores/{ds}/versions", Body.NONE),
          new Route("GET", "/datastores/{ds}/versions/{ver}", Body.NONE),
          new Route("GET", "/datastores/versions/{vid}", Body.NONE),
          new Route("GET", "/instances", Body.NONE),
          new Route("GET", "/instances/detail", Body.NONE),
          new Route("POST", "/instances", Body.INSTANCE),
          new Route("POST", "/instances", Body.INSTANCE),
          new Route("GET", "/instances/{iid}", Body.NONE),
          new Route("DELETE", "/instances/{iid}", Body.NONE),
          new Route("GET", "/instances/{iid}/operations", Body.NONE),
          new Route("POST", "/instances/{iid}/action", Body.ACTION),
          new Route("GET", "/instances/{iid}/backups", Body.NONE),
          new Route("GET", "/instances/{iid}/databases", Body.NONE),
          new Route("POST", "/instances/{iid}/databases", Body.DATABASES),
          new Route("POST", "/instances/{iid}/databases", Body.DATABASES),
          new Route("DELETE", "/instances/{iid}/databases/{db}", Body.NONE),
          new Route("GET", "/instances/{iid}/users", Body.NONE),
          new Route("POST", "/instances/{iid}/users", Body.USERS),
          new Route("POST", "/instances/{iid}/users", Body.USERS),
          new Route("PUT", "/instances/{iid}/users", Body.PASSWORDS),
          new Route("GET", "/instances/{iid}/users/{user}", Body.NONE),
          new Route("PUT", "/instances/{iid}/users/{user}", Body.USER),
          new Route("DELETE", "/instances/{iid}/users/{user}", Body.NONE),
          new Route("GET", "/instances/{iid}/users/{user}/databases", Body.NONE),
          new Route("PUT", "/instances/{iid}/users/{user}/databases", Body.GRANTS),
          new Route("DELETE", "/instances/{iid}/users/{user}/databases/{db}", Body.NONE),
          new Route("GET", "/instances/{iid}/root", Body.NONE),
          new Route("POST", "/instances/{iid}/root", Body.ROOT),
          new Route("DELETE", "/instances/{iid}/root", Body.NONE),
          new Route("GET", "/backups", Body.NONE),
          new Route("POST", "/backups", Body.BACKUP),
          new Route("POST", "/backups", Body.BACKUP),
          new Route("GET", "/backups/{bid}", Body.NONE),
          new Route("DELETE", "/backups/{bid}", Body.NONE),
          new Route("GET", "/operations/{oid}", Body.NONE),
          new Route("POST", "/operations/{oid}/retry", Body.NONE),
          new Route("POST", "/operations/{oid}/cancel", Body.NONE),
          new Route("GET", "/no-such-route/{iid}", Body.NONE));

  /** Methods a request may be switched to; never DELETE (it could hit a project's own fixture). */
  private static final List<String> OTHER_METHODS =
      List.of("GET", "POST", "PUT", "PATCH", "HEAD", "OPTIONS", "FOO");

  /** Instance actions a tenant could run on its own instance: only ever sent elsewhere. */
  private static final List<String> KNOWN_ACTIONS =
      List.of(
          "restart",
          "resize",
          "reset_password",
          "stop",
          "promote_to_replica_source",
          "eject_replica_source");

  private final Random random;
  private final Project a;
  private final Project b;
  private final Map<String, String> datastoreIds;
  private final ObjectMapper plain = new ObjectMapper();
  private final ObjectMapper escaping =
      JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
  private int counter;

  /**
   * @param datastoreIds datastore name → id, and {@code <name>/version} → the version's id
   */
  FuzzRequests(long seed, Project a, Project b, Map<String, String> datastoreIds) {
    this.random = new Random(seed);
    this.a = a;
    this.b = b;
    this.datastoreIds = datastoreIds;
  }

  FuzzRequest next() {
    counter++;
    if (random.nextInt(100) < 2) {
      return RawRequests.pick(random, a.id());
    }
    Project actor = random.nextBoolean() ? a : b;
    Project other = actor == a ? b : a;
    Route route = ROUTES.get(random.nextInt(ROUTES.size()));
    boolean[] foreign = {false};
    JsonNode body = body(route.body(), actor, other, foreign);
    boolean destructive =
        route.method().equals("DELETE")
            && (route.template().equals("/instances/{iid}")
                || route.template().equals("/backups/{bid}"));
    boolean ownAllowed = !destructive && !(route.body() == Body.ACTION && knownAction(body));
    boolean foreignBody = foreign[0];
    foreign[0] = false;
    String path = path(route, actor, other, ownAllowed, foreign);
    if (path.length() > 7000) {
      // longer URIs are RawRequests' (Jetty's 414 is cut off by a reset while a client still sends)
      path = path.substring(0, 7000).replaceAll("%[0-9A-Fa-f]?$", "");
    }
    String method = random.nextInt(100) < 92 ? route.method() : pick(OTHER_METHODS);
    // OPTIONS answers a route's methods for any id; a body names a resource only for its route
    boolean foreignTarget =
        foreign[0] && !method.equals("OPTIONS") || foreignBody && method.equals(route.method());
    Map<String, String> headers = new LinkedHashMap<>();
    boolean foreignToken = token(route, actor, other, headers);
    byte[] bytes = bytes(route.body(), body);
    if (bytes != null || random.nextInt(100) < 5) {
      headers.put("Content-Type", contentType());
    }
    if (random.nextInt(100) < 8) {
      headers.put("Accept", pick(HostileValues.ACCEPTS));
    }
    if (route.body() == Body.INSTANCE && random.nextInt(100) < 10) {
      headers.put("Idempotency-Key", asciiJunk());
    }
    if (random.nextInt(100) < 3) {
      headers.put("X-Openstack-Request-Id", asciiJunk());
    }
    if (bytes == null && random.nextInt(100) < 4) {
      bytes = HostileValues.string(random).getBytes(StandardCharsets.UTF_8);
    }

    return new FuzzRequest(
        route.method() + " " + route.template(),
        method,
        path,
        headers,
        bytes,
        null,
        route.template().equals("/") ? null : actor.id(),
        foreignTarget,
        foreignToken);
  }

  // ---- paths ----

  private String path(Route route, Project actor, Project other, boolean own, boolean[] foreign) {
    if (route.template().equals("/")) {
      return random.nextInt(10) == 0 ? "/?" + segment(HostileValues.string(random)) : "/";
    }
    StringBuilder path = new StringBuilder("/v1.0/").append(actor.id());
    for (String part : route.template().substring(1).split("/")) {
      path.append('/').append(part.startsWith("{") ? slot(part, actor, other, own, foreign) : part);
    }
    if (route.template().equals("/backups") && random.nextBoolean()) {
      String id = idChoice(actor.instanceId(), other.instanceId(), true, new boolean[1]);
      path.append("?instance_id=").append(id);
    } else if (route.template().equals("/backups/{bid}") && random.nextBoolean()) {
      path.append("?delete_chain=").append(segment(pick(List.of("true", "1", "maybe", ""))));
    } else if (random.nextInt(100) < 4) {
      path.append('?').append(segment(HostileValues.string(random))).append('=');
      path.append(segment(HostileValues.string(random)));
    }
    return path.toString();
  }

  private String slot(String slot, Project actor, Project other, boolean own, boolean[] foreign) {
    return switch (slot) {
      case "{iid}" -> idChoice(actor.instanceId(), other.instanceId(), own, foreign);
      case "{bid}" ->
          idChoice(
              actor.backupId() == null ? UUID.randomUUID().toString() : actor.backupId(),
              other.backupId() == null ? UUID.randomUUID().toString() : other.backupId(),
              own,
              foreign);
      case "{oid}" -> {
        String mine = pick(actor.operationIds());
        String theirs = pick(other.operationIds());
        String chosen = idChoice(mine, theirs, true, foreign);
        yield chosen.replace("%2F", "/");
      }
      case "{user}" ->
          segment(
              random.nextInt(100) < 50
                  ? pick(List.of("fz_user", "fz_user@%", "fz_user@10.0.0.%", "root", "os_admin"))
                  : HostileValues.string(random));
      case "{db}" ->
          segment(
              random.nextInt(100) < 50
                  ? pick(List.of("fz_db", "mysql", "postgres", "template1", "sys"))
                  : HostileValues.string(random));
      case "{flavor}" -> segment(random.nextBoolean() ? pick(List.of("1", "2", "99")) : hostile());
      case "{ds}" ->
          segment(
              random.nextBoolean()
                  ? pick(
                      List.of(
                          "postgresql",
                          "mariadb",
                          datastoreIds.get("postgresql"),
                          datastoreIds.get("mariadb")))
                  : hostile());
      case "{ver}" -> segment(random.nextBoolean() ? pick(List.of("15", "10.11")) : hostile());
      case "{vid}" ->
          segment(
              random.nextBoolean()
                  ? pick(
                      List.of(
                          datastoreIds.get("postgresql/version"),
                          datastoreIds.get("mariadb/version")))
                  : hostile());
      default -> throw new IllegalArgumentException(slot);
    };
  }

  /** The actor's own id, the other project's (marked foreign), a stranger's, or junk. */
  private String idChoice(String own, String theirs, boolean ownAllowed, boolean[] foreign) {
    int pick = random.nextInt(100);
    if (pick < 55 && ownAllowed) {
      return segment(own);
    }
    if (pick < 75) {
      foreign[0] = true;
      return segment(theirs);
    }
    if (pick < 85) {
      return UUID.randomUUID().toString();
    }
    return hostile();
  }

  /** A hostile path segment: a hostile string encoded, or raw escapes no string gives. */
  private String hostile() {
    if (random.nextInt(100) < 30) {
      return pick(
          List.of(
              "%00",
              "a%00b",
              "%0a",
              "%0d%0a",
              "%ff",
              "%c0%af",
              "%e2%80%ae",
              "%ed%a0%80",
              "..",
              ".",
              "%2e%2e",
              ";x=1",
              "a;b=%00",
              "%2f",
              "%5c",
              "%25",
              "x".repeat(3000)));
    }
    String value = HostileValues.string(random);
    return segment(value.length() > 2000 ? value.substring(0, 2000) : value);
  }

  /** Percent-encodes every byte of the UTF-8 form but the unreserved characters. */
  static String segment(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (Character.isLetterOrDigit(c) && c < 0x80 || c == '-' || c == '.' || c == '_') {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }

  // ---- tokens and headers ----

  /** Sets the token; answers whether it is another project's. */
  private boolean token(Route route, Project actor, Project other, Map<String, String> headers) {
    int pick = random.nextInt(100);
    if (pick < 90 || route.template().equals("/")) {
      headers.put("X-Auth-Token", actor.id());
      return false;
    }
    if (pick < 95) {
      headers.put("X-Auth-Token", other.id());
      return true;
    }
    String junk =
        pick(List.of("", actor.id().toUpperCase(), actor.id() + " ", actor.id() + "x", "admin"));
    if (!junk.isEmpty() || random.nextBoolean()) {
      headers.put("X-Auth-Token", junk);
    }
    return false;
  }

  private String contentType() {
    return random.nextInt(100) < 75 ? "application/json" : pick(HostileValues.CONTENT_TYPES);
  }

  private String asciiJunk() {
    return pick(List.of("", " ", "a b", "x".repeat(300), "k-" + counter, "é", "\t"));
  }

  private <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  // ---- bodies ----

  private JsonNode body(Body kind, Project actor, Project other, boolean[] foreign) {
    if (kind == Body.NONE) {
      return null;
    }
    JsonNode body = Bodies.valid(kind.name(), random, actor, other, foreign, datastoreIds);
    if (random.nextInt(100) < 80) {
      int mutations = 1 + random.nextInt(3);
      for (int i = 0; i < mutations; i++) {
        body = Bodies.mutate(body, random);
      }
    }
    if (kind == Body.INSTANCE || kind == Body.BACKUP) {
      Bodies.addDefect(kind.name(), body, random);
    }
    return body;
  }

  private static boolean knownAction(JsonNode body) {
    if (body == null || !body.isObject()) {
      return false;
    }
    for (String action : KNOWN_ACTIONS) {
      if (body.has(action)) {
        return true;
      }
    }
    return false;
  }

  private byte[] bytes(Body kind, JsonNode body) {
    if (kind == Body.NONE) {
      return null;
    }
    if (kind == Body.ROOT && random.nextInt(3) == 0) {
      return null;
    }
    byte[] json;
    try {
      json = (random.nextBoolean() ? escaping : plain).writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      try {
        json = escaping.writeValueAsBytes(body); // a lone surrogate only escapes
      } catch (JsonProcessingException again) {
        json = "{}".getBytes(StandardCharsets.UTF_8);
      }
    }
    return random.nextInt(100) < 12 ? Bodies.breakBytes(json, random) : json;
  }
}
