package org.opentrove.api.views;

import java.util.LinkedHashMap;
import java.util.Map;
import org.opentrove.store.BackupRow;

/**
 * A backup as Trove shows it ({@code size} in GB); plus what Trove leaves out: its size in bytes,
 * the SHA-256 of its manifest, and why it failed.
 */
public final class BackupView {
  private static final double GB = 1024.0 * 1024 * 1024;

  private BackupView() {}

  public static Map<String, Object> of(BackupRow row) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", row.id().toString());
    view.put("name", row.name());
    view.put("description", row.description());
    view.put("locationRef", row.location());
    view.put("instance_id", row.instanceId().toString());
    view.put("created", Times.format(row.created()));
    view.put("updated", Times.format(row.updated()));
    view.put("size", row.sizeBytes() == null ? null : row.sizeBytes() / GB);
    view.put("status", row.state().name());
    view.put("parent_id", row.parentId() == null ? null : row.parentId().toString());
    view.put("project_id", row.projectId());
    view.put(
        "datastore",
        Map.of(
            "type", row.datastoreName(),
            "version", row.datastoreVersionName(),
            "version_id", row.datastoreVersionId().toString()));
    view.put("size_bytes", row.sizeBytes());
    view.put("checksum", row.checksum());
    if (row.failReason() != null) {
      view.put("fail_reason", row.failReason());
    }
    return view;
  }
}
