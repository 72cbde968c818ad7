package org.opentrove.dist.system;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * A fingerprint of the control plane's mutable state, taken in one query on one held connection
 * (about a millisecond): per table the row count and an MD5 over the columns a request could
 * change. Heartbeat bookkeeping (times, sequence numbers, counts) is left out: it moves by itself.
 */
final class ControlPlaneState implements AutoCloseable {
  private static final String SQL =
      """
      select concat_ws(' ',
        (select count(*) || ':' || coalesce(md5(string_agg(concat_ws('|', id, project_id, name,
            flavor_id, datastore_version_id, volume_size_gb, task_status, server_status,
            server_id, host, port, updated, deleted, deleted_at), ',' order by id)), '-')
          from instances),
        (select count(*) || ':' || coalesce(md5(string_agg(concat_ws('|', id, type,
            resource_id, project_id, request::text, state, current_step, error,
            idempotency_key, workflow_started, updated), ',' order by id)), '-')
          from operations),
        (select count(*) || ':' || coalesce(md5(string_agg(concat_ws('|', operation_id, step,
            attempt, finished, error), ',' order by operation_id, step)), '-')
          from operation_steps),
        (select count(*) || ':' || coalesce(md5(string_agg(concat_ws('|', id, project_id,
            instance_id, name, description, parent_id, state, location, size_bytes, checksum,
            fail_reason, updated, deleted), ',' order by id)), '-')
          from backups),
        (select count(*) || ':' || coalesce(md5(string_agg(concat_ws('|', instance_id, status,
            message), ',' order by instance_id)), '-')
          from service_statuses),
        (select count(*) || ':' || coalesce(md5(string_agg(concat_ws('|', instance_id, message,
            details, created), ',' order by instance_id)), '-')
          from instance_faults))
      """;

  private final Handle handle;

  ControlPlaneState(Jdbi jdbi) {
    this.handle = jdbi.open();
  }

  String fingerprint() {
    return handle.createQuery(SQL).mapTo(String.class).one();
  }

  /** Waits until the fingerprint holds still for {@code stillMillis} and answers it. */
  String awaitQuiet(long stillMillis, long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    String last = fingerprint();
    long since = System.currentTimeMillis();
    while (System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
      String now = fingerprint();
      if (!now.equals(last)) {
        last = now;
        since = System.currentTimeMillis();
      } else if (System.currentTimeMillis() - since >= stillMillis) {
        return now;
      }
    }
    throw new AssertionError("the control plane did not settle within " + timeoutMillis + " ms");
  }

  @Override
  public void close() {
    handle.close();
  }
}
