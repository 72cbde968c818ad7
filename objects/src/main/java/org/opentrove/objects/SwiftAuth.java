package org.opentrove.objects;

import java.io.IOException;
import org.openstack4j.model.identity.v3.Token;

/**
 * Gets a fresh token for Swift: one whose catalog has the {@code object-store} endpoint. Called
 * again whenever the token expires or Swift refuses it.
 */
interface SwiftAuth {
  Token authenticate() throws IOException;

  /** Who authenticates where, for messages (never the secret). */
  String describe();
}
