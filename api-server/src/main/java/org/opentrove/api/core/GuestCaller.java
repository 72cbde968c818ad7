package org.opentrove.api.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;

/** A synchronous call to an instance's guest agent (in production: RPC over the message bus). */
@FunctionalInterface
public interface GuestCaller {
  /**
   * @throws org.opentrove.contract.rpc.GuestTimeoutException when no answer came within {@code
   *     timeout}
   * @throws org.opentrove.contract.rpc.GuestErrorException when the guest answered with an error
   */
  JsonNode call(String instanceId, String method, Object args, Duration timeout) throws IOException;
}
