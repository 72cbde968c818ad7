package org.opentrove.objects;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Counts and hashes (SHA-256) what passes through, so a store learns both in one pass. */
public final class HashingInputStream extends FilterInputStream {
  private final MessageDigest digest;
  private long count;

  public HashingInputStream(InputStream in) {
    super(in);
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      digest.update((byte) b);
      count++;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      digest.update(buffer, offset, n);
      count += n;
    }
    return n;
  }

  public long count() {
    return count;
  }

  /** The hash of everything read; call once, at the end. */
  public String sha256() {
    return HexFormat.of().formatHex(digest.digest());
  }
}
