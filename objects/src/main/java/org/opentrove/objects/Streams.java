package org.opentrove.objects;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Copies with a large buffer: backups are big, and every small read is a system call. */
public final class Streams {
  private static final int BUFFER = 1 << 20;

  private Streams() {}

  public static long copy(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[BUFFER];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) >= 0) {
      out.write(buffer, 0, n);
      total += n;
    }
    return total;
  }
}
