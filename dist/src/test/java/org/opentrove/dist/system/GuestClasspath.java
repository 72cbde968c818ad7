package org.opentrove.dist.system;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The tests' guests run from the module jars, as production guests run from the distribution jar:
 * the test JVM's class path minus its directories (dist's own classes, which no guest needs), so
 * that guests can map one class archive, shared by every test system of the run.
 */
final class GuestClasspath {
  static final Path ARCHIVE_DIR =
      Path.of(System.getProperty("java.io.tmpdir"), "opentrove-test-guest-classes");

  private GuestClasspath() {}

  static String jarsOnly() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !Files.isDirectory(Path.of(entry)))
        .collect(Collectors.joining(File.pathSeparator));
  }
}
