package org.opentrove.api.http;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads and discards what is left of a refused request's body before the answer goes out. Closing a
 * connection the client is still writing to ends in a reset that can discard the answer at the
 * client, which then sees no response at all. The limit is far above any body a Trove client sends
 * (the fuzz tier sends 1 MiB and a little more), so only a client sending more than that can still
 * lose its answer, and the server never reads without bound.
 */
public final class UnreadBody {
  static final long LIMIT = 8L << 20;

  private UnreadBody() {}

  public static void drain(InputStream body) {
    try {
      byte[] buffer = new byte[8192];
      long read = 0;
      for (int n = body.read(buffer); n >= 0 && read < LIMIT; n = body.read(buffer)) {
        read += n;
      }
    } catch (IOException | RuntimeException e) {
      // read already, or the client went away: nothing to drain
    }
  }
}
