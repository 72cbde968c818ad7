package org.opentrove.objects;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Objects as files under one directory ({@code <path>/<container>/<name>}). A put writes a
 * temporary file next to the target and renames it, so a crash never leaves a partial object under
 * the real name; names may contain {@code /} but never climb out of the container.
 */
public final class FileSystemObjectStore implements ObjectStore {
  private static final String PARTIAL = ".partial-";

  private final Path root;

  public FileSystemObjectStore(Path path, String container) {
    this.root = path.toAbsolutePath().resolve(container);
  }

  @Override
  public StoredObject put(String name, InputStream data) throws IOException {
    Path target = resolve(name);
    Files.createDirectories(target.getParent());
    Path temp = Files.createTempFile(target.getParent(), PARTIAL, ".tmp");
    try {
      HashingInputStream hashing = new HashingInputStream(data);
      try (OutputStream out = Files.newOutputStream(temp)) {
        Streams.copy(hashing, out);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return new StoredObject(name, hashing.count(), hashing.sha256());
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  @Override
  public InputStream get(String name) throws IOException {
    try {
      return Files.newInputStream(resolve(name));
    } catch (NoSuchFileException e) {
      throw new NoSuchObjectException("no object " + name + " in " + describe());
    }
  }

  @Override
  public void delete(String name) throws IOException {
    Path target = resolve(name);
    Files.deleteIfExists(target);
    for (Path dir = target.getParent(); !dir.equals(root); dir = dir.getParent()) {
      try (Stream<Path> left = Files.list(dir)) {
        if (left.findAny().isPresent()) {
          break;
        }
      } catch (NoSuchFileException e) {
        continue;
      }
      Files.deleteIfExists(dir);
    }
  }

  /** Removes the objects and the temporary files of writes a crash cut short. */
  @Override
  public void deleteAll(String prefix) throws IOException {
    for (String name : list(prefix)) {
      delete(name);
    }
    if (!prefix.isEmpty() && prefix.endsWith("/")) {
      Path dir = resolve(prefix.substring(0, prefix.length() - 1));
      if (Files.isDirectory(dir)) {
        try (Stream<Path> files = Files.walk(dir)) {
          for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(path);
          }
        }
      }
    }
  }

  @Override
  public List<String> list(String prefix) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      files
          .filter(Files::isRegularFile)
          .filter(f -> !f.getFileName().toString().startsWith(PARTIAL))
          .map(f -> root.relativize(f).toString())
          .filter(n -> n.startsWith(prefix))
          .sorted()
          .forEach(names::add);
    }
    return names;
  }

  @Override
  public String describe() {
    return "file:" + root;
  }

  private Path resolve(String name) {
    if (name.isEmpty() || name.startsWith("/") || name.contains("..") || name.contains("\0")) {
      throw new IllegalArgumentException("not an object name: " + name);
    }
    Path target = root.resolve(name).normalize();
    if (!target.startsWith(root)) {
      throw new IllegalArgumentException("not an object name: " + name);
    }
    return target;
  }
}
