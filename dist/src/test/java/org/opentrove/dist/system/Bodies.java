package org.opentrove.dist.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/** Request bodies for the fuzz tier: each route's valid shape, and ways to break it. */
final class Bodies {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private static final List<String> CHARSETS =
      List.of("UTF8", "utf8mb4", "latin1", "LATIN1", "klingon", "", "utf-8", "BIG5", "binary");
  private static final List<String> COLLATIONS =
      List.of("C", "utf8mb4_bin", "en_US.UTF-8", "latin1_swedish_ci", "nope_ci", "POSIX", "");

  private Bodies() {}

  /** A well-formed body for the route kind (ids of {@code other} mark {@code foreign}). */
  static JsonNode valid(
      String kind,
      Random random,
      FuzzRequests.Project actor,
      FuzzRequests.Project other,
      boolean[] foreign,
      Map<String, String> datastoreIds) {
    ObjectNode root = NODES.objectNode();
    switch (kind) {
      case "INSTANCE" -> {
        ObjectNode instance = root.putObject("instance");
        instance.put("name", "fz-inst-" + random.nextInt(1000));
        instance.put("flavorRef", random.nextBoolean() ? "1" : "https://h/v1.0/p/flavors/1");
        instance.putObject("volume").put("size", 1);
        if (random.nextBoolean()) {
          boolean maria = random.nextBoolean();
          String type = maria ? "mariadb" : "postgresql";
          ObjectNode datastore = instance.putObject("datastore");
          datastore.put("type", random.nextBoolean() ? type : datastoreIds.get(type));
          datastore.put("version", maria ? "10.11" : "15");
        }
        if (random.nextBoolean()) {
          databases(instance.putArray("databases"), random);
          ObjectNode user = instance.putArray("users").addObject();
          user.put("name", "fz_user");
          user.put("password", "pw-" + random.nextInt(1000));
          user.putArray("databases").addObject().put("name", "fz_db");
        }
        if (random.nextInt(100) < 15) {
          String backup = backupRef(random, actor, other, foreign);
          instance.putObject("restorePoint").put("backupRef", backup);
        }
      }
      case "ACTION" -> {
        String action =
            List.of(
                    "reset_status",
                    "restart",
                    "resize",
                    "stop",
                    "reset_password",
                    "explode",
                    "promote_to_replica_source")
                .get(random.nextInt(7));
        ObjectNode args = root.putObject(action);
        if (action.equals("resize")) {
          if (random.nextBoolean()) {
            args.put("flavorRef", "2");
          } else {
            args.putObject("volume").put("size", 2);
          }
        }
        if (random.nextInt(10) == 0) {
          root.putObject("reset_status");
        }
      }
      case "DATABASES" -> databases(root.putArray("databases"), random);
      case "USERS" -> {
        ArrayNode users = root.putArray("users");
        for (int i = 0; i <= random.nextInt(2); i++) {
          ObjectNode user = users.addObject();
          user.put("name", "fzu_" + random.nextInt(1000));
          user.put("password", "pw-" + random.nextInt(1000));
          if (random.nextBoolean()) {
            user.put("host", random.nextBoolean() ? "%" : "10.0.0.%");
          }
          user.putArray("databases").addObject().put("name", "fz_db");
        }
      }
      case "PASSWORDS" -> {
        ObjectNode user = root.putArray("users").addObject();
        user.put("name", "fz_user");
        user.put("password", "pw-" + random.nextInt(1000));
      }
      case "USER" -> {
        ObjectNode user = root.putObject("user");
        switch (random.nextInt(3)) {
          case 0 -> user.put("password", "pw-" + random.nextInt(1000));
          case 1 -> user.put("host", "10.0.0.%");
          default -> user.put("name", "fzr_" + random.nextInt(1000));
        }
      }
      case "GRANTS" -> root.putArray("databases").addObject().put("name", "fz_db");
      case "ROOT" -> {
        if (random.nextBoolean()) {
          root.put("password", "root-pw-" + random.nextInt(1000));
        }
      }
      case "BACKUP" -> {
        ObjectNode backup = root.putObject("backup");
        backup.put("name", "fz-backup-" + random.nextInt(1000));
        int pick = random.nextInt(100);
        if (pick < 70) {
          backup.put("instance", actor.instanceId());
        } else if (pick < 90) {
          foreign[0] = true;
          backup.put("instance", other.instanceId());
        } else {
          backup.put("instance", UUID.randomUUID().toString());
        }
        if (random.nextBoolean()) {
          backup.put("description", "fuzz");
        }
        if (random.nextInt(4) == 0) {
          backup.put("parent_id", backupRef(random, actor, other, foreign));
        }
        if (random.nextInt(4) == 0) {
          backup.put("incremental", random.nextBoolean() ? 1 : 0);
        }
      }
      default -> throw new IllegalArgumentException(kind);
    }
    return root;
  }

  private static void databases(ArrayNode list, Random random) {
    for (int i = 0; i <= random.nextInt(3); i++) {
      ObjectNode db = list.addObject();
      db.put("name", i == 0 ? "fz_db" : "fz_db" + random.nextInt(1000));
      if (random.nextInt(3) == 0) {
        db.put("character_set", CHARSETS.get(random.nextInt(CHARSETS.size())));
      }
      if (random.nextInt(3) == 0) {
        db.put("collate", COLLATIONS.get(random.nextInt(COLLATIONS.size())));
      }
    }
  }

  private static String backupRef(
      Random random, FuzzRequests.Project actor, FuzzRequests.Project other, boolean[] foreign) {
    int pick = random.nextInt(3);
    if (pick == 0 && actor.backupId() != null) {
      return actor.backupId();
    }
    if (pick == 1 && other.backupId() != null) {
      foreign[0] = true;
      return other.backupId();
    }
    return UUID.randomUUID().toString();
  }

  /** Replaces, removes or adds one value somewhere in the tree (the root may be replaced). */
  static JsonNode mutate(JsonNode root, Random random) {
    List<JsonNode> containers = new ArrayList<>();
    collect(root, containers);
    if (containers.isEmpty() || random.nextInt(20) == 0) {
      return HostileValues.value(random);
    }
    JsonNode container = containers.get(random.nextInt(containers.size()));
    if (container instanceof ObjectNode object) {
      List<String> fields = new ArrayList<>();
      object.fieldNames().forEachRemaining(fields::add);
      int action = random.nextInt(100);
      if (fields.isEmpty() || action < 15) {
        object.set(
            random.nextBoolean() ? HostileValues.string(random) : "extra",
            HostileValues.value(random));
      } else if (action < 30) {
        object.remove(fields.get(random.nextInt(fields.size())));
      } else {
        object.set(fields.get(random.nextInt(fields.size())), HostileValues.value(random));
      }
    } else if (container instanceof ArrayNode array) {
      if (array.isEmpty() || random.nextInt(3) == 0) {
        array.add(HostileValues.value(random));
      } else {
        array.set(random.nextInt(array.size()), HostileValues.value(random));
      }
    }
    return root;
  }

  private static void collect(JsonNode node, List<JsonNode> containers) {
    if (node.isContainerNode() && containers.size() < 200) {
      containers.add(node);
      Iterator<JsonNode> children = node.elements();
      while (children.hasNext()) {
        collect(children.next(), containers);
      }
    }
  }

  /** One defect a create must refuse, so a fuzz create never starts a real instance or backup. */
  static void addDefect(String kind, JsonNode body, Random random) {
    JsonNode inner =
        body == null ? null : body.get(kind.equals("INSTANCE") ? "instance" : "backup");
    if (!(inner instanceof ObjectNode object)) {
      return; // no object to create from: refused as it is
    }
    if (kind.equals("INSTANCE")) {
      switch (random.nextInt(10)) {
        case 0 -> object.remove("name");
        case 1 -> object.put("name", "bad" + HostileValues.control(random));
        case 2 -> object.put("flavorRef", "no-such-flavor");
        case 3 -> object.putObject("volume").put("size", 4294967297L);
        case 4 -> object.putObject("volume").put("size", 0);
        case 5 -> object.putObject("datastore").put("type", "no-such-datastore");
        case 6 -> object.putArray("databases").addObject().put("name", "a b");
        case 7 ->
            object
                .putArray("databases")
                .addObject()
                .put("name", "fz_db")
                .put("character_set", "klingon");
        case 8 -> object.putObject("restorePoint").put("backupRef", UUID.randomUUID().toString());
        default -> object.put("name", true);
      }
    } else {
      switch (random.nextInt(7)) {
        case 0 -> object.remove("name");
        case 1 -> object.put("name", "bad" + HostileValues.control(random));
        case 2 -> object.put("instance", UUID.randomUUID().toString());
        case 3 -> object.put("parent_id", UUID.randomUUID().toString());
        case 4 -> object.put("incremental", "yes");
        case 5 -> object.put("description", "d".repeat(300));
        default -> object.put("name", 42);
      }
    }
  }

  /** Byte-level damage: truncation, invalid UTF-8, a BOM, garbage, duplicate keys, depth. */
  static byte[] breakBytes(byte[] json, Random random) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    switch (random.nextInt(10)) {
      case 0 -> out.write(json, 0, random.nextInt(Math.max(1, json.length)));
      case 1 -> {
        int at = random.nextInt(Math.max(1, json.length));
        out.write(json, 0, at);
        out.writeBytes(new byte[] {(byte) 0xc3, (byte) 0x28, (byte) 0xff, (byte) 0xfe});
        out.write(json, at, json.length - at);
      }
      case 2 -> {
        out.writeBytes(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf});
        out.writeBytes(json);
      }
      case 3 -> {
        out.writeBytes(json);
        out.writeBytes("}}]] trailing".getBytes(StandardCharsets.UTF_8));
      }
      case 4 ->
          out.writeBytes(
              List.of("null", "[]", "\"s\"", "12", "true", "").get(random.nextInt(6)).getBytes());
      case 5 -> {
        String text = new String(json, StandardCharsets.UTF_8);
        out.writeBytes(text.replaceFirst("\\{", "{\"name\": 1, \"name\": 2, ").getBytes());
      }
      case 6 -> out.writeBytes(("[".repeat(5000) + "]".repeat(5000)).getBytes());
      case 7 ->
          out.writeBytes(
              ("{\"instance\": {\"name\": \"" + "x".repeat(1 << 20) + "\"}}").getBytes());
      case 8 ->
          out.writeBytes(new String(json, StandardCharsets.UTF_8).replace("\"", "'").getBytes());
      default ->
          out.writeBytes(
              new String(json, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_16));
    }
    return out.toByteArray();
  }
}
