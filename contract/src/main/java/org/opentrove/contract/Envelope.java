package org.opentrove.contract;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The versioned JSON envelope of every message between control plane, guests and conductor: {@code
 * {"method", "args", "context", "version", "sent"}}; {@code sent} is epoch seconds, fractional.
 */
public record Envelope(
    String method, JsonNode args, RequestContext context, String version, double sent) {

  public static final String VERSION = "1.0";
}
