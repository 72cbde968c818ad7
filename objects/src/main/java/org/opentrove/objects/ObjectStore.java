package org.opentrove.objects;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Where backups live: named objects in one container. Writes are streamed (a backup is never held
 * in memory or staged on local disk) and answer the size and SHA-256 of what was stored. An object
 * becomes visible under its name only once it was written completely.
 */
public interface ObjectStore {

  /** Stores {@code data} under {@code name}, replacing an object of that name. */
  StoredObject put(String name, InputStream data) throws IOException;

  /**
   * @throws NoSuchObjectException when there is no object of that name
   */
  InputStream get(String name) throws IOException;

  /** Deletes the object; deleting a missing object is not an error. */
  void delete(String name) throws IOException;

  /**
   * Deletes every object whose name starts with {@code prefix}, and anything a write that never
   * finished left there.
   */
  default void deleteAll(String prefix) throws IOException {
    for (String name : list(prefix)) {
      delete(name);
    }
  }

  /** Names of the objects that start with {@code prefix}, sorted. */
  List<String> list(String prefix) throws IOException;

  /** Where objects go, for messages: {@code file:/var/lib/backups}, {@code swift:backups}. */
  String describe();
}
