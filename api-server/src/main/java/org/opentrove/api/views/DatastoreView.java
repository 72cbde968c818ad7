package org.opentrove.api.views;

import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opentrove.store.DatastoreRow;
import org.opentrove.store.DatastoreVersionRow;

public final class DatastoreView {
  private DatastoreView() {}

  public static Map<String, Object> of(
      DatastoreRow datastore, List<DatastoreVersionRow> versions, UriInfo uri, String projectId) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", datastore.id().toString());
    view.put("name", datastore.name());
    view.put("links", Links.of(uri, projectId, "datastores", datastore.id()));
    view.put("versions", versions.stream().map(v -> version(v, uri, projectId, false)).toList());
    if (datastore.defaultVersionId() != null) {
      view.put("default_version", datastore.defaultVersionId().toString());
    }
    return view;
  }

  public static Map<String, Object> version(
      DatastoreVersionRow version, UriInfo uri, String projectId, boolean withDatastoreId) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", version.id().toString());
    view.put("name", version.name());
    view.put("version", version.version());
    view.put("links", Links.of(uri, projectId, "datastores/versions", version.id()));
    if (withDatastoreId) {
      view.put("datastore", version.datastoreId().toString());
    }
    return view;
  }
}
