package org.opentrove.dist.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/** Values no API should trip over: hostile and huge strings, control characters, wrong types. */
final class HostileValues {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  static final List<String> STRINGS =
      List.of(
          "",
          " ",
          "\t",
          "a",
          "null",
          "true",
          "0",
          "-1",
          "'; drop table instances; --",
          "\" OR 1=1 --",
          "`reboot`",
          "$(reboot)",
          "${jndi:ldap://127.0.0.1/x}",
          "%s%s%s%n",
          "<script>alert(1)</script>",
          "../../../../etc/passwd",
          "..\\..\\boot.ini",
          "a\u0000b",
          "\u0000",
          "x\u0001y",
          "line\nbreak",
          "cr\rlf",
          "del\u007f",
          "c1\u0085",
          "sep\u2028",
          "zero\u200bwidth",
          "rtl\u202eoverride",
          "\ufeffbom",
          "half\ud800",
          "\udfff",
          "é",
          "日本語",
          "\ud83e\udd84",
          "mysql",
          "postgres",
          "root",
          "os_admin",
          "pg_catalog",
          "template0",
          "information_schema",
          "mariadb.sys",
          "%",
          "_",
          "*",
          "a b",
          "%00",
          "\\",
          "\\u0000",
          "UTF8",
          "utf8mb4",
          "LATIN1",
          "klingon",
          "C",
          "en_US.UTF-8",
          "utf8mb4_bin",
          "fz_db",
          "fz_user",
          "10.0.0.%",
          "localhost");

  /** Content types a JSON API may be sent: odd, wrong, malformed, in other charsets. */
  static final List<String> CONTENT_TYPES =
      List.of(
          "application/json; charset=utf-8",
          "application/json; charset=bogus",
          "application/json; charset=ISO-8859-1",
          "application/json; charset=utf-16",
          "application/json; charset=\"utf-8\"",
          "application/json;;;",
          "application/json; charset=",
          "application/json; charset=\u00e9",
          "text/plain",
          "text/html; charset=utf-8",
          "application/xml",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x",
          "application/octet-stream",
          "*/*",
          "application",
          "/",
          "application/vnd.openstack.db+json",
          "");

  static final List<String> ACCEPTS =
      List.of("text/html", "application/xml", "*/*", "garbage;;q=x", "application/json;q=0", "");

  private HostileValues() {}

  static String string(Random random) {
    int pick = random.nextInt(100);
    if (pick < 60) {
      return STRINGS.get(random.nextInt(STRINGS.size()));
    }
    if (pick < 70) {
      int[] lengths = {31, 32, 33, 63, 64, 65, 128, 129, 255, 256, 1025, 9000, 70_000};
      int length = lengths[random.nextInt(lengths.length)];
      return (random.nextBoolean() ? "x" : "é").repeat(length);
    }
    if (pick < 75) {
      return UUID.randomUUID().toString();
    }
    if (pick < 90) {
      return STRINGS.get(random.nextInt(STRINGS.size())) + control(random);
    }
    return randomText(random, 1 + random.nextInt(40));
  }

  /** Any JSON value: mostly hostile strings, else the wrong type. */
  static JsonNode value(Random random) {
    if (random.nextInt(100) < 60) {
      return NODES.textNode(string(random));
    }
    switch (random.nextInt(14)) {
      case 0:
        return NODES.booleanNode(true);
      case 1:
        return NODES.booleanNode(false);
      case 2:
        return NODES.nullNode();
      case 3:
        return NODES.numberNode(0);
      case 4:
        return NODES.numberNode(-1);
      case 5:
        return NODES.numberNode(1.5);
      case 6:
        return NODES.numberNode(4294967297L);
      case 7:
        return NODES.numberNode(new BigInteger("1" + "0".repeat(40)));
      case 8:
        return NODES.numberNode(1e308);
      case 9:
        return NODES.arrayNode();
      case 10:
        return NODES.objectNode();
      case 11:
        return NODES.arrayNode().add("a").add(1);
      case 12:
        return NODES.objectNode().put("name", string(random));
      default:
        return nested(random.nextInt(2) == 0 ? 50 : 500);
    }
  }

  private static JsonNode nested(int depth) {
    ArrayNode root = NODES.arrayNode();
    ArrayNode at = root;
    for (int i = 0; i < depth; i++) {
      at = at.addArray();
    }
    return root;
  }

  static ObjectNode object() {
    return NODES.objectNode();
  }

  static String control(Random random) {
    int[] controls = {0, 1, 7, 8, 9, 10, 13, 27, 31, 127, 128, 133, 159};
    return String.valueOf((char) controls[random.nextInt(controls.length)]);
  }

  /** Characters from anywhere: controls, Latin, CJK, symbols, astral planes, lone surrogates. */
  static String randomText(Random random, int length) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      switch (random.nextInt(6)) {
        case 0 -> out.append((char) random.nextInt(0x20));
        case 1 -> out.append((char) (0x20 + random.nextInt(0x5f)));
        case 2 -> out.append((char) (0xa0 + random.nextInt(0x2000)));
        case 3 -> out.appendCodePoint(0x10000 + random.nextInt(0x10000));
        case 4 -> out.append((char) (0xd800 + random.nextInt(0x800)));
        default -> out.append((char) (0x3000 + random.nextInt(0x6000)));
      }
    }
    return out.toString();
  }
}
