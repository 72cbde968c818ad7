package org.opentrove.contract;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;

/** Encodes and decodes envelopes; the one place that knows the JSON naming of the wire. */
public final class Wire {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private Wire() {}

  public static Envelope envelope(String method, Object args, RequestContext context, Clock clock) {
    double sent = clock.millis() / 1000.0;
    return new Envelope(method, MAPPER.valueToTree(args), context, Envelope.VERSION, sent);
  }

  public static byte[] encode(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Envelope decode(byte[] body) {
    return read(body, Envelope.class);
  }

  public static <T> T read(byte[] body, Class<T> type) {
    try {
      return MAPPER.readValue(body, type);
    } catch (IOException e) {
      throw new MalformedMessageException("unreadable " + type.getSimpleName(), e);
    }
  }

  public static <T> T args(Envelope envelope, Class<T> type) {
    return convert(envelope.args(), type);
  }

  public static <T> T convert(JsonNode node, Class<T> type) {
    try {
      return MAPPER.treeToValue(node, type);
    } catch (IOException e) {
      throw new MalformedMessageException("unreadable " + type.getSimpleName(), e);
    }
  }

  public static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }
}
