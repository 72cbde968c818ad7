package org.opentrove.api.core;

import org.opentrove.api.errors.TroveError;

/**
 * Trove's answer for a datastore version its datastore does not have: named by id it is a 404
 * ({@code ModelNotFoundError}), by name a 400 ({@code DatastoreVersionNotFound}, which Trove's
 * fault map does not list).
 */
public final class VersionNotFound {
  private VersionNotFound() {}

  public static TroveError of(String versionRef) {
    String message = "Datastore version '" + versionRef + "' cannot be found.";
    return Uuids.parse(versionRef).isPresent()
        ? TroveError.notFound(message)
        : TroveError.badRequest(message);
  }
}
