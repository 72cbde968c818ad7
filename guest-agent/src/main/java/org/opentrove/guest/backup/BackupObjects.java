package org.opentrove.guest.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.opentrove.objects.HashingInputStream;
import org.opentrove.objects.ObjectStore;
import org.opentrove.objects.StoredObject;
import org.opentrove.objects.Streams;

/**
 * The objects of one backup under {@code <location>}: the files an engine streams, and {@code
 * manifest.json} naming each with its size and SHA-256, written last. A backup without a manifest
 * is incomplete; its checksum is the manifest's SHA-256. Reading a file back checks it against the
 * manifest, so a restore fails rather than build from damaged bytes.
 */
public final class BackupObjects {
  static final String MANIFEST = "manifest.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectStore store;
  private final String location;
  private final List<Map<String, Object>> written = new ArrayList<>();
  private final long maxBytesPerSecond;
  private long bytesBefore;

  public BackupObjects(ObjectStore store, String location) {
    this(store, location, 0);
  }

  /**
   * @param maxBytesPerSecond caps the write rate (0: none)
   */
  public BackupObjects(ObjectStore store, String location, long maxBytesPerSecond) {
    this.store = store;
    this.location = location.endsWith("/") ? location : location + "/";
    this.maxBytesPerSecond = maxBytesPerSecond;
  }

  /** Streams one file of the backup; {@code progress} gets the backup's bytes so far. */
  public StoredObject put(String file, InputStream data, LongConsumer progress) throws IOException {
    long base = bytesBefore;
    InputStream counted = new CountingStream(data, n -> progress.accept(base + n));
    StoredObject stored =
        store.put(
            location + file,
            maxBytesPerSecond > 0 ? new ThrottledStream(counted, maxBytesPerSecond) : counted);
    bytesBefore += stored.size();
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("name", file);
    entry.put("size", stored.size());
    entry.put("sha256", stored.sha256());
    written.add(entry);
    return stored;
  }

  /** Writes the manifest: the backup is complete from here on. */
  public BackupResult finish(Map<String, String> metadata) throws IOException {
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("files", written);
    manifest.put("metadata", metadata);
    byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
    store.put(location + MANIFEST, new ByteArrayInputStream(bytes));
    return new BackupResult(bytesBefore, sha256(bytes), metadata);
  }

  /** Removes whatever this backup wrote (a failed backup leaves nothing behind). */
  public void discard() throws IOException {
    store.deleteAll(location);
  }

  /** The files a complete backup at {@code location} holds, in the order they were written. */
  public static List<String> files(ObjectStore store, String location) throws IOException {
    List<String> names = new ArrayList<>();
    for (Map<String, Object> file : manifest(store, location)) {
      names.add((String) file.get("name"));
    }
    return names;
  }

  /**
   * A file of a complete backup; reading past its end fails if its bytes are not the manifest's.
   */
  public static InputStream open(ObjectStore store, String location, String file)
      throws IOException {
    String prefix = location.endsWith("/") ? location : location + "/";
    Map<String, Object> expected =
        manifest(store, prefix).stream()
            .filter(f -> file.equals(f.get("name")))
            .findFirst()
            .orElseThrow(() -> new IOException("backup " + prefix + " has no file " + file));
    return new VerifyingStream(
        store.get(prefix + file),
        ((Number) expected.get("size")).longValue(),
        (String) expected.get("sha256"),
        prefix + file);
  }

  /** Streams {@code from} into a command's input and closes both (the command sees its EOF). */
  public static void feed(InputStream from, OutputStream to) throws IOException {
    try (InputStream in = from;
        OutputStream out = to) {
      Streams.copy(in, out);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> manifest(ObjectStore store, String location)
      throws IOException {
    String prefix = location.endsWith("/") ? location : location + "/";
    try (InputStream in = store.get(prefix + MANIFEST)) {
      Map<String, Object> manifest = JSON.readValue(in, Map.class);
      return (List<Map<String, Object>>) manifest.get("files");
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reports the bytes read so far, at most every 4 MiB. */
  private static final class CountingStream extends FilterInputStream {
    private static final long STEP = 4L << 20;
    private final LongConsumer progress;
    private long count;
    private long reported;

    CountingStream(InputStream in, LongConsumer progress) {
      super(in);
      this.progress = progress;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        counted(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        counted(n);
      }
      return n;
    }

    private void counted(int n) {
      count += n;
      if (count - reported >= STEP) {
        reported = count;
        progress.accept(count);
      }
    }
  }

  /** Reads no faster than a rate, averaged since the first byte. */
  private static final class ThrottledStream extends FilterInputStream {
    private final long bytesPerSecond;
    private final long started = System.nanoTime();
    private long count;

    ThrottledStream(InputStream in, long bytesPerSecond) {
      super(in);
      this.bytesPerSecond = bytesPerSecond;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        pace(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, (int) Math.min(length, Math.max(1, bytesPerSecond / 10)));
      if (n > 0) {
        pace(n);
      }
      return n;
    }

    private void pace(int n) throws IOException {
      count += n;
      long due = started + count * 1_000_000_000L / bytesPerSecond;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        try {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while pacing a backup", e);
        }
      }
    }
  }

  /** Checks size and SHA-256 when the stream ends. */
  private static final class VerifyingStream extends FilterInputStream {
    private final long size;
    private final String sha256;
    private final String name;
    private final HashingInputStream hashing;
    private boolean checked;

    VerifyingStream(InputStream in, long size, String sha256, String name) {
      this(new HashingInputStream(in), size, sha256, name);
    }

    private VerifyingStream(HashingInputStream hashing, long size, String sha256, String name) {
      super(hashing);
      this.hashing = hashing;
      this.size = size;
      this.sha256 = sha256;
      this.name = name;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b < 0) {
        check();
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n < 0) {
        check();
      }
      return n;
    }

    private void check() throws IOException {
      if (checked) {
        return;
      }
      checked = true;
      String actual = hashing.sha256();
      if (hashing.count() != size || !actual.equals(sha256)) {
        throw new IOException(
            name
                + " is damaged: "
                + hashing.count()
                + " bytes, SHA-256 "
                + actual
                + "; the manifest says "
                + size
                + " bytes, "
                + sha256);
      }
    }
  }
}
