package org.opentrove.activities.objects;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.opentrove.objects.ObjectStore;

public class ObjectStoreActivitiesImpl implements ObjectStoreActivities {
  private final ObjectStore store;

  public ObjectStoreActivitiesImpl(ObjectStore store) {
    this.store = store;
  }

  @Override
  public void deleteBackupObjects(String location) {
    try {
      store.deleteAll(location.endsWith("/") ? location : location + "/");
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot delete the objects under " + location + " in " + store.describe(), e);
    }
  }
}
