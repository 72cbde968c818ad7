package org.opentrove.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openstack4j.openstack.identity.v3.domain.KeystoneToken;

/**
 * One contract for every object store: the filesystem store, and Swift behind Keystone and behind
 * tempauth. The Swift cases bring up a real Swift All-In-One with {@code scripts/swift-aio} once
 * (about 25 s) and fail, not skip, when it cannot start.
 */
@Timeout(180)
class ObjectStoreContractTest {
  private static final int BIG = 20 * 1024 * 1024;
  private static Path swiftWorkdir;
  private static Map<String, String> swiftEnv;
  private static String swiftFailure;

  /** Starts the Swift All-In-One on first use; every later caller gets the same one. */
  static synchronized Map<String, String> swift() throws Exception {
    if (swiftEnv != null) {
      return swiftEnv;
    }
    if (swiftFailure != null) {
      throw new AssertionError(swiftFailure);
    }
    swiftWorkdir =
        Path.of("target").toAbsolutePath().resolve("swift-aio-" + ProcessHandle.current().pid());
    Path workdir = swiftWorkdir;
    // Should the JVM be killed before @AfterAll, the daemons still go.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    script("down", workdir, 60);
                  } catch (Exception e) {
                    System.err.println("swift-aio down " + workdir + ": " + e);
                  }
                }));
    long started = System.nanoTime();
    Result up = script("up", swiftWorkdir, 900);
    if (up.exit != 0) {
      swiftFailure =
          "scripts/swift-aio up " + swiftWorkdir + " failed (exit " + up.exit + "):\n" + up.output;
      throw new AssertionError(swiftFailure);
    }
    System.out.printf(
        "swift-aio up took %.1f s: %s%n", (System.nanoTime() - started) / 1e9, up.output.strip());
    swiftEnv = readEnv(swiftWorkdir.resolve("swift.env"));
    return swiftEnv;
  }

  @AfterAll
  static void stopSwift() throws Exception {
    if (swiftWorkdir == null) {
      return;
    }
    Result down = script("down", swiftWorkdir, 120);
    assertThat(down.exit).as("swift-aio down: %s", down.output).isZero();
    if (swiftFailure == null) {
      deleteTree(swiftWorkdir);
    }
  }

  abstract static class Contract {
    ObjectStore store;
    String prefix;

    abstract ObjectStore open() throws Exception;

    @BeforeEach
    void openStore(TestInfo test) throws Exception {
      store = open();
      // Tests share the container; each keeps to its own names.
      prefix = test.getTestMethod().orElseThrow().getName() + "/";
    }

    @Test
    void roundTripOfABigObject() throws Exception {
      byte[] data = new byte[BIG];
      new Random(42).nextBytes(data);

      StoredObject stored = store.put(prefix + "big.bin", new ByteArrayInputStream(data));

      assertThat(stored.name()).isEqualTo(prefix + "big.bin");
      assertThat(stored.size()).isEqualTo(BIG);
      assertThat(stored.sha256()).isEqualTo(sha256(data));
      byte[] back;
      try (InputStream in = store.get(prefix + "big.bin")) {
        back = in.readAllBytes();
      }
      assertThat(back.length).isEqualTo(BIG);
      assertThat(sha256(back)).isEqualTo(stored.sha256());
      assertThat(back).isEqualTo(data);
    }

    @Test
    void overwriteReplacesTheObject() throws Exception {
      store.put(prefix + "x", bytes("first version"));
      StoredObject second = store.put(prefix + "x", bytes("second"));

      assertThat(second.size()).isEqualTo(6);
      assertThat(read(prefix + "x")).isEqualTo("second");
      assertThat(store.list(prefix)).containsExactly(prefix + "x");
    }

    @Test
    void emptyObject() throws Exception {
      StoredObject stored = store.put(prefix + "empty", bytes(""));

      assertThat(stored.size()).isZero();
      assertThat(stored.sha256()).isEqualTo(sha256(new byte[0]));
      assertThat(read(prefix + "empty")).isEmpty();
    }

    @Test
    void listByPrefix() throws Exception {
      for (String name : List.of("db1/full", "db1/incr/2", "db1/incr/1", "db10", "db2/full")) {
        store.put(prefix + name, bytes(name));
      }

      assertThat(store.list(prefix + "db1/"))
          .containsExactly(prefix + "db1/full", prefix + "db1/incr/1", prefix + "db1/incr/2");
      assertThat(store.list(prefix + "db1"))
          .containsExactly(
              prefix + "db1/full", prefix + "db1/incr/1", prefix + "db1/incr/2", prefix + "db10");
      assertThat(store.list(prefix + "db1/incr/")).hasSize(2);
      assertThat(store.list(prefix + "nothing")).isEmpty();
      assertThat(store.list("")).contains(prefix + "db2/full");
      assertThat(read(prefix + "db1/incr/1")).isEqualTo("db1/incr/1");
    }

    @Test
    void namesWithSpacesAndUnicode() throws Exception {
      String name = prefix + "dir with space/100% ü+&?#.tar";

      store.put(name, bytes("odd"));

      assertThat(read(name)).isEqualTo("odd");
      assertThat(store.list(prefix)).containsExactly(name);
      store.delete(name);
      assertThat(store.list(prefix)).isEmpty();
    }

    @Test
    void deleteRemovesTheObject() throws Exception {
      store.put(prefix + "a/b", bytes("data"));

      store.delete(prefix + "a/b");

      assertThatThrownBy(() -> store.get(prefix + "a/b")).isInstanceOf(NoSuchObjectException.class);
      assertThat(store.list(prefix)).isEmpty();
    }

    @Test
    void deletingAMissingObjectIsFine() throws Exception {
      store.delete(prefix + "never-written");
      store.delete(prefix + "no/such/dir/object");
    }

    @Test
    void getOfAMissingObject() {
      assertThatThrownBy(() -> store.get(prefix + "never-written"))
          .isInstanceOf(NoSuchObjectException.class)
          .hasMessageContaining("never-written");
    }

    String read(String name) throws IOException {
      try (InputStream in = store.get(name)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  @Nested
  class FileSystem extends Contract {
    @TempDir Path dir;

    @Override
    ObjectStore open() {
      ObjectStoreConfig config = new ObjectStoreConfig();
      config.type = "file";
      config.path = dir.toString();
      config.container = "backups";
      return ObjectStores.open(config);
    }

    @Test
    void namesThatClimbOutAreRefused() {
      for (String name : List.of("../x", "a/../../x", "/etc/passwd", "a/..", "")) {
        assertThatThrownBy(() -> store.put(name, bytes("x")))
            .as(name)
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.get(name))
            .as(name)
            .isInstanceOf(IllegalArgumentException.class);
      }
    }
  }

  abstract static class SwiftContract extends Contract {
    Map<String, String> env;

    abstract ObjectStoreConfig config();

    @BeforeAll
    void startSwift() throws Exception {
      env = swift();
    }

    @Override
    ObjectStore open() {
      return ObjectStores.open(config());
    }

    @Test
    void listingPagesThroughTheMarker() throws Exception {
      ObjectStore paged = SwiftObjectStore.open(config(), 10);
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        expected.add(String.format("%spage/%02d", prefix, i));
        paged.put(expected.get(i), bytes("x"));
      }
      paged.put(prefix + "pagf", bytes("just after the prefix"));

      assertThat(paged.list(prefix + "page/")).isEqualTo(expected);
      assertThat(store.list(prefix + "page/")).isEqualTo(expected);
    }

    @Test
    void wrongKeyFailsClearly() {
      ObjectStoreConfig config = config();
      config.key = "wrong-" + config.key;
      ObjectStore bad = ObjectStores.open(config);

      for (ThrowingCall call :
          List.<ThrowingCall>of(
              () -> bad.list(""),
              () -> bad.get(prefix + "x"),
              () -> bad.put(prefix + "x", bytes("x")))) {
        assertThatThrownBy(call::run)
            .isInstanceOf(IOException.class)
            .isNotInstanceOf(NoSuchObjectException.class)
            .hasMessageContaining("authentication failed")
            .hasMessageContaining(config.user)
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain(config.key));
      }
    }

    @Test
    void aRefusedTokenIsReplaced() throws Exception {
      SwiftObjectStore spoiled = SwiftObjectStore.open(config());
      spoiled.put(prefix + "warm-up", bytes("x"));

      spoil(spoiled);
      spoiled.put(prefix + "after-put", bytes("put"));
      assertThat(spoiled.currentToken().getId()).doesNotStartWith("expired");
      spoil(spoiled);
      try (InputStream in = spoiled.get(prefix + "after-put")) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("put");
      }
      assertThat(spoiled.currentToken().getId()).doesNotStartWith("expired");
      spoil(spoiled);
      assertThat(spoiled.list(prefix)).containsExactly(prefix + "after-put", prefix + "warm-up");
      assertThat(spoiled.currentToken().getId()).doesNotStartWith("expired");
      spoil(spoiled);
      spoiled.delete(prefix + "after-put");
      assertThat(spoiled.currentToken().getId()).doesNotStartWith("expired");
      assertThat(store.list(prefix)).containsExactly(prefix + "warm-up");
    }

    /** What Swift sees once a token expired or was revoked: one it does not know. */
    static void spoil(SwiftObjectStore store) {
      ((KeystoneToken) store.currentToken()).setId("expired-" + System.nanoTime());
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class SwiftWithKeystone extends SwiftContract {
    @Override
    ObjectStoreConfig config() {
      ObjectStoreConfig config = new ObjectStoreConfig();
      config.type = "swift";
      config.authVersion = 3;
      config.authUrl = env.get("SWIFT_KEYSTONE_URL");
      config.user = env.get("SWIFT_KEYSTONE_USER");
      config.key = env.get("SWIFT_KEYSTONE_PASSWORD");
      config.project = env.get("SWIFT_KEYSTONE_PROJECT");
      config.domain = env.get("SWIFT_KEYSTONE_DOMAIN");
      config.region = env.get("SWIFT_KEYSTONE_REGION");
      config.container = "contract-keystone";
      return config;
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class SwiftWithTempAuth extends SwiftContract {
    @Override
    ObjectStoreConfig config() {
      ObjectStoreConfig config = new ObjectStoreConfig();
      config.type = "swift";
      config.authVersion = 1;
      config.authUrl = env.get("SWIFT_TEMPAUTH_URL");
      config.user = env.get("SWIFT_TEMPAUTH_USER");
      config.key = env.get("SWIFT_TEMPAUTH_KEY");
      config.container = "contract-tempauth";
      return config;
    }
  }

  interface ThrowingCall {
    void run() throws Exception;
  }

  record Result(int exit, String output) {}

  static Result script(String command, Path workdir, int timeoutSeconds) throws Exception {
    Path script = Path.of("..", "scripts", "swift-aio");
    if (!Files.isExecutable(script)) {
      script = Path.of("scripts", "swift-aio");
    }
    Path log = Files.createTempFile("swift-aio-" + command, ".log");
    try {
      Process process =
          new ProcessBuilder(script.toString(), command, workdir.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      boolean done = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
      if (!done) {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
      }
      String output = Files.readString(log);
      return done
          ? new Result(process.exitValue(), output)
          : new Result(-1, output + "\n(timed out after " + timeoutSeconds + " s)");
    } finally {
      Files.deleteIfExists(log);
    }
  }

  static Map<String, String> readEnv(Path file) throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      int eq = line.indexOf('=');
      if (eq > 0 && !line.startsWith("#")) {
        env.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return env;
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  static InputStream bytes(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }

  static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }
}
