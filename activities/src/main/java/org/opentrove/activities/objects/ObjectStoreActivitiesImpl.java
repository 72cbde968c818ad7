package org.opentrove.activities.objects;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.opentrove.activities.ActivityProgress;
import org.opentrove.objects.ObjectStore;
import org.opentrove.temporal.activities.objects.ObjectStoreActivities;

public class ObjectStoreActivitiesImpl implements ObjectStoreActivities {
  private final ObjectStore store;

  public ObjectStoreActivitiesImpl(ObjectStore store) {
    this.store = store;
  }

  @Override
  public void deleteBackupObjects(String location) {
    String prefix = location.endsWith("/") ? location : location + "/";
    try {
      // One object at a time with a heartbeat each, so a backup of thousands of objects (WAL
      // segments) is never mistaken for a dead worker; then sweep what a broken write left.
      for (String name : store.list(prefix)) {
        store.delete(name);
        ActivityProgress.beat();
      }
      store.deleteAll(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot delete the objects under " + location + " in " + store.describe(), e);
    }
  }
}
