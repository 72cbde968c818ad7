package org.opentrove.activities.compute;

import com.sun.security.auth.module.UnixSystem;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An AppCDS archive of the guest agent's classes. A training run ({@code GuestAgentMain --warm-up}
 * under {@code -XX:ArchiveClassesAtExit}) makes it once per JVM, options and class path (the jars'
 * sizes and times included, so a rebuilt jar gets a new one); every guest then maps it ({@code
 * -XX:SharedArchiveFile}) instead of loading those classes, which takes about 0.4 s off each
 * guest's boot. The archive is code the guests run as root: its directory must be this process
 * user's own, 0700, and not a link, or no archive is used. The JVM archives classes from jars only,
 * so a class path with a directory on it gets none.
 */
final class GuestClassArchive {
  private static final Logger LOG = LoggerFactory.getLogger(GuestClassArchive.class);
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rwx------");
  private static final long TRAINING_TIMEOUT_SECONDS = 120;
  private static final String PREFIX = "guest-";
  private static final String SUFFIX = ".jsa";

  private final Path dir;
  private final String java;
  private final String classpath;
  private final List<String> jvmOptions;
  private final String mainClass;
  private final Optional<Path> file;

  GuestClassArchive(
      Path dir, String java, String classpath, List<String> jvmOptions, String mainClass) {
    this.dir = dir;
    this.java = java;
    this.classpath = classpath;
    this.jvmOptions = List.copyOf(jvmOptions);
    this.mainClass = mainClass;
    this.file = key().map(key -> dir.resolve(PREFIX + key + SUFFIX));
  }

  /** The options that map the archive, once it exists and its directory is safe. */
  List<String> jvmOptions() {
    if (file.isEmpty() || !Files.isRegularFile(file.get(), LinkOption.NOFOLLOW_LINKS)) {
      return List.of();
    }
    return safeDirectory() ? List.of("-XX:SharedArchiveFile=" + file.get()) : List.of();
  }

  /** Makes the archive on a background thread unless it exists; guests use it once it does. */
  void prepareInBackground() {
    if (file.isEmpty()) {
      LOG.info("guest class archive: off (the guest class path holds a directory)");
      return;
    }
    if (Files.exists(file.get())) {
      return;
    }
    Thread thread = new Thread(this::train, "guest-class-archive");
    thread.setDaemon(true);
    thread.start();
  }

  private void train() {
    Path target = file.orElseThrow();
    try {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      if (!safeDirectory()) {
        LOG.warn("guest class archive: off ({} is not this user's own 0700 directory)", dir);
        return;
      }
      Path partial = Files.createTempFile(dir, PREFIX, ".partial");
      Files.delete(partial); // the JVM writes the archive itself, at exit
      List<String> command = new ArrayList<>(List.of(java));
      command.addAll(jvmOptions);
      command.add("-XX:ArchiveClassesAtExit=" + partial);
      command.addAll(List.of("-cp", classpath, mainClass, "--warm-up"));
      long started = System.nanoTime();
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!process.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        LOG.warn("guest class archive: the training run did not finish; guests boot without it");
        return;
      }
      if (process.exitValue() != 0 || !Files.isRegularFile(partial)) {
        LOG.warn("guest class archive: the training run failed (exit {})", process.exitValue());
        Files.deleteIfExists(partial);
        return;
      }
      moveIntoPlace(partial, target);
      removeOthers(target);
      LOG.info(
          "guest class archive {} made in {} ms",
          target,
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    } catch (IOException e) {
      LOG.warn("guest class archive: cannot make it: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void moveIntoPlace(Path partial, Path target) throws IOException {
    try {
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Archives of earlier jars or JVMs are never mapped again. */
  private void removeOthers(Path kept) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (!entry.equals(kept) && name.startsWith(PREFIX) && name.endsWith(SUFFIX)) {
          Files.deleteIfExists(entry);
        }
      }
    }
  }

  private boolean safeDirectory() {
    try {
      PosixFileAttributes attributes =
          Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      Object ownerUid = Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
      return attributes.isDirectory()
          && attributes.permissions().equals(OWNER_ONLY)
          && ownerUid instanceof Integer uid
          && uid == new UnixSystem().getUid();
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** Names the archive after everything it depends on; empty when the JVM cannot make one. */
  private Optional<String> key() {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    update(digest, java);
    update(digest, System.getProperty("java.vm.version"));
    jvmOptions.forEach(option -> update(digest, option));
    update(digest, mainClass);
    for (String entry : classpath.split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (Files.isDirectory(path)) {
        return Optional.empty();
      }
      update(digest, entry);
      try {
        update(digest, Files.size(path) + "@" + Files.getLastModifiedTime(path).toMillis());
      } catch (IOException e) {
        update(digest, "missing");
      }
    }
    return Optional.of(HexFormat.of().formatHex(digest.digest()).substring(0, 16));
  }

  private static void update(MessageDigest digest, String value) {
    digest.update(value.getBytes(StandardCharsets.UTF_8));
    digest.update((byte) 0);
  }
}
