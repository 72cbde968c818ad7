package org.opentrove.api.errors;

import java.util.Map;

/**
 * The name Trove gives an HTTP error in its fault body ({@code {"<name>": {"code", "message"}}}):
 * webob's exception class without {@code HTTP}, lower camel case, or one of Trove's own names.
 */
public final class FaultNames {
  private static final Map<Integer, String> NAMES =
      Map.ofEntries(
          Map.entry(400, "badRequest"),
          Map.entry(401, "unauthorized"),
          Map.entry(403, "forbidden"),
          Map.entry(404, "itemNotFound"),
          Map.entry(405, "badMethod"),
          Map.entry(406, "badMediaType"),
          Map.entry(408, "requestTimeout"),
          Map.entry(409, "conflict"),
          Map.entry(411, "lengthRequired"),
          Map.entry(413, "overLimit"),
          Map.entry(414, "requestURITooLong"),
          Map.entry(415, "badMediaType"),
          Map.entry(422, "unprocessableEntity"),
          Map.entry(431, "requestHeaderFieldsTooLarge"),
          Map.entry(501, "notImplemented"),
          Map.entry(503, "serviceUnavailable"),
          Map.entry(504, "gatewayTimeout"));

  private FaultNames() {}

  public static String of(int code) {
    return NAMES.getOrDefault(code, code >= 500 ? "instanceFault" : "badRequest");
  }
}
