package org.opentrove.store;

import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.core.mapper.reflect.JdbiConstructor;

/** A cluster joined with its datastore version: the API's read model. */
public record ClusterRow(
    UUID id,
    String projectId,
    String name,
    UUID datastoreVersionId,
    String datastoreName,
    String datastoreVersionName,
    String task,
    Instant created,
    Instant updated) {

  @JdbiConstructor
  public ClusterRow {}
}
