package org.opentrove.objects;

import java.nio.file.Path;

/** Opens the store a configuration names. */
public final class ObjectStores {
  private ObjectStores() {}

  public static ObjectStore open(ObjectStoreConfig config) {
    return switch (config.type) {
      case "file" -> new FileSystemObjectStore(Path.of(config.path), config.container);
      case "swift" -> SwiftObjectStore.open(config);
      default ->
          throw new IllegalArgumentException(
              "unknown object store type '" + config.type + "' (file or swift)");
    };
  }
}
