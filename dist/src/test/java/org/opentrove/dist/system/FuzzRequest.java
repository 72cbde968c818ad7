package org.opentrove.dist.system;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One generated request and what the fuzz tier's checks need to know about it.
 *
 * @param route the route it was made from ({@code POST /instances/{id}/databases}), for figures
 * @param path the encoded path and query, starting with {@code /}
 * @param raw when set, sent byte for byte over a socket instead (not valid HTTP)
 * @param project the project whose URL this is; null for {@code /} and raw requests
 * @param foreignTarget names another project's instance, backup or operation (in the path, the
 *     query or a reference field): it must never succeed
 * @param foreignToken carries another project's token: it must be refused
 */
record FuzzRequest(
    String route,
    String method,
    String path,
    Map<String, String> headers,
    byte[] body,
    byte[] raw,
    String project,
    boolean foreignTarget,
    boolean foreignToken) {

  static FuzzRequest raw(String route, String bytes) {
    return new FuzzRequest(
        route,
        "RAW",
        "",
        Map.of(),
        null,
        bytes.getBytes(StandardCharsets.ISO_8859_1),
        null,
        false,
        false);
  }

  boolean isRead() {
    return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
  }

  /** What a failure report shows: the route, method, path and the start of the body. */
  String describe() {
    String shown =
        raw != null
            ? new String(raw, StandardCharsets.ISO_8859_1)
            : method + " " + path + " " + headers;
    byte[] payload = raw != null ? null : body;
    String text = payload == null ? "" : " body " + new String(payload, StandardCharsets.UTF_8);
    String all = "[" + route + "] " + shown + text;
    return all.length() > 400 ? all.substring(0, 400) + "... (" + all.length() + " chars)" : all;
  }
}
