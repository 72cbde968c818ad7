package org.opentrove.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

public interface OperationDao {
  @SqlUpdate(
      "insert into operations (id, type, resource_type, resource_id, project_id, requester,"
          + " request, state, current_step, idempotency_key, created, updated)"
          + " values (:id, :type, :resourceType, :resourceId, :projectId, :requester,"
          + " cast(:request as jsonb), :state, :currentStep, :idempotencyKey, :created, :updated)")
  void insert(@BindMethods OperationRow row);

  /**
   * Inserts the operation, or restarts one of the same id that failed before (a retried delete).
   */
  @SqlUpdate(
      "insert into operations (id, type, resource_type, resource_id, project_id, requester,"
          + " request, state, current_step, idempotency_key, created, updated)"
          + " values (:id, :type, :resourceType, :resourceId, :projectId, :requester,"
          + " cast(:request as jsonb), :state, :currentStep, :idempotencyKey, :created, :updated)"
          + " on conflict (id) do update set state = 'PENDING', error = null, current_step = null,"
          + " workflow_started = false, updated = excluded.updated"
          + " where operations.state = 'FAILED'")
  boolean insertOrRestartFailed(@BindMethods OperationRow row);

  @SqlQuery("select * from operations where id = :id")
  Optional<OperationRow> find(String id);

  @SqlQuery("select * from operations where resource_id = :resourceId order by created")
  List<OperationRow> listForResource(UUID resourceId);

  @SqlQuery("select * from operations where project_id = :projectId and idempotency_key = :key")
  Optional<OperationRow> findByIdempotencyKey(String projectId, String key);

  @SqlUpdate("update operations set workflow_started = true, updated = :now where id = :id")
  void markWorkflowStarted(String id, Instant now);

  @SqlQuery(
      "select * from operations where not workflow_started and state = 'PENDING'"
          + " and created < :before order by created")
  List<OperationRow> listUnstarted(Instant before);

  @SqlUpdate(
      "update operations set state = 'RUNNING', current_step = :step, updated = :now"
          + " where id = :id and state in ('PENDING', 'RUNNING')")
  void recordStep(String id, String step, Instant now);

  @SqlUpdate(
      "update operations set state = :state, error = :error, updated = :now"
          + " where id = :id and state in ('PENDING', 'RUNNING')")
  void finish(String id, OperationState state, String error, Instant now);
}
