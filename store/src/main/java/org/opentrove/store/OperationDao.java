package org.opentrove.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

public interface OperationDao {
  @SqlUpdate(
      "insert into operations (id, type, resource_type, resource_id, project_id, requester,"
          + " request, state, current_step, idempotency_key, created, updated, workflow_input,"
          + " scheduled_for, workflow_started)"
          + " values (:id, :type, :resourceType, :resourceId, :projectId, :requester,"
          + " cast(:request as jsonb), :state, :currentStep, :idempotencyKey, :created, :updated,"
          + " :workflowInput, :scheduledFor, :workflowStarted)")
  void insert(@BindMethods OperationRow row, byte[] workflowInput);

  /**
   * Inserts the operation, or restarts one of the same id that failed before (a retried delete).
   */
  @SqlUpdate(
      "insert into operations (id, type, resource_type, resource_id, project_id, requester,"
          + " request, state, current_step, idempotency_key, created, updated, workflow_input,"
          + " workflow_started)"
          + " values (:id, :type, :resourceType, :resourceId, :projectId, :requester,"
          + " cast(:request as jsonb), :state, :currentStep, :idempotencyKey, :created, :updated,"
          + " :workflowInput, :workflowStarted)"
          + " on conflict (id) do update set state = 'PENDING', error = null, current_step = null,"
          + " workflow_started = excluded.workflow_started, updated = excluded.updated,"
          + " workflow_input = excluded.workflow_input where operations.state = 'FAILED'")
  boolean insertOrRestartFailed(@BindMethods OperationRow row, byte[] workflowInput);

  @SqlQuery("select * from operations where id = :id")
  Optional<OperationRow> find(String id);

  /**
   * A scheduled operation whose time came: SCHEDULED -> PENDING. False when it is not scheduled any
   * more (cancelled, or taken already by an earlier attempt).
   */
  @SqlUpdate(
      "update operations set state = 'PENDING', updated = :now where id = :id"
          + " and state = 'SCHEDULED'")
  boolean takeScheduled(String id, Instant now);

  /** A scheduled operation cancelled before its time: SCHEDULED -> CANCELLED, or false. */
  @SqlUpdate(
      "update operations set state = 'CANCELLED', error = :reason, updated = :now where id = :id"
          + " and state = 'SCHEDULED'")
  boolean cancelScheduled(String id, String reason, Instant now);

  /** A scheduled operation that could not run at its time: SCHEDULED -> FAILED, or false. */
  @SqlUpdate(
      "update operations set state = 'FAILED', error = :reason, updated = :now where id = :id"
          + " and state = 'SCHEDULED'")
  boolean failScheduled(String id, String reason, Instant now);

  /** A failed or cancelled operation goes back to PENDING to run again; false otherwise. */
  @SqlUpdate(
      "update operations set state = 'PENDING', error = null, current_step = null,"
          + " workflow_started = false, updated = :now"
          + " where id = :id and state in ('FAILED', 'CANCELLED')")
  boolean restart(String id, Instant now);

  @SqlQuery("select * from operations where project_id = :projectId and idempotency_key = :key")
  Optional<OperationRow> findByIdempotencyKey(String projectId, String key);

  @SqlQuery("select workflow_input from operations where id = :id")
  Optional<byte[]> workflowInput(String id);

  @SqlUpdate("update operations set workflow_started = true, updated = :now where id = :id")
  void markWorkflowStarted(String id, Instant now);

  @SqlQuery(
      "select * from operations where not workflow_started and state in ('PENDING', 'SCHEDULED')"
          + " and created < :before order by created")
  List<OperationRow> listUnstarted(Instant before);

  /**
   * Enters {@code step}: the previous step is finished, this one started (again). An operation that
   * already ended (a status reset cancelled it) gets no more steps.
   */
  @Transaction
  default void recordStep(String id, String step, Instant now) {
    if (!lockIfOpen(id)) {
      return;
    }
    closeOpenSteps(id, null, now);
    enterStep(id, step, now);
    setCurrentStep(id, step, now);
  }

  /**
   * Ends the operation; a failure is also recorded on the step that was running. An operation that
   * already ended keeps its outcome and its steps.
   */
  @Transaction
  default void finish(String id, OperationState state, String error, Instant now) {
    if (!lockIfOpen(id)) {
      return;
    }
    closeOpenSteps(id, state == OperationState.SUCCEEDED ? null : error, now);
    setFinalState(id, state, error, now);
  }

  /** Whether the operation is still PENDING or RUNNING, locking its row until the commit. */
  @SqlQuery(
      "select coalesce((select state in ('PENDING', 'RUNNING') from operations where id = :id"
          + " for update), false)")
  boolean lockIfOpen(String id);

  @SqlUpdate(
      "update operations set state = 'RUNNING', current_step = :step, updated = :now"
          + " where id = :id and state in ('PENDING', 'RUNNING')")
  void setCurrentStep(String id, String step, Instant now);

  @SqlUpdate(
      "update operations set state = :state, error = :error, updated = :now"
          + " where id = :id and state in ('PENDING', 'RUNNING')")
  void setFinalState(String id, OperationState state, String error, Instant now);

  @SqlUpdate(
      "insert into operation_steps (operation_id, step, started) values (:id, :step, :now)"
          + " on conflict (operation_id, step) do update set attempt = operation_steps.attempt + 1,"
          + " started = excluded.started, finished = null, error = null")
  void enterStep(String id, String step, Instant now);

  @SqlUpdate(
      "update operation_steps set finished = :now, error = :error"
          + " where operation_id = :id and finished is null")
  void closeOpenSteps(String id, String error, Instant now);

  /** Operations of {@code type} on any of {@code resources} created after {@code since}. */
  @SqlQuery(
      "select count(*) from operations where type = :type and resource_id in (<resources>)"
          + " and created > :since")
  int countRecent(
      String type,
      @org.jdbi.v3.sqlobject.customizer.BindList("resources")
          java.util.Collection<java.util.UUID> resources,
      java.time.Instant since);

  /** What a step measured or decided (shown with the step). */
  @SqlUpdate(
      "update operation_steps set detail = :detail where operation_id = :id and step = :step")
  boolean recordStepDetail(String id, String step, String detail);

  @SqlQuery("select * from operation_steps where operation_id = :id order by started, step")
  List<OperationStepRow> listSteps(String id);

  @SqlQuery(
      "select * from operations where resource_id = :resourceId"
          + " and state in ('PENDING', 'RUNNING') order by created")
  List<OperationRow> listOpen(UUID resourceId);

  @SqlQuery(
      "select * from operations where project_id = :projectId and resource_id = :resourceId"
          + " order by created")
  List<OperationRow> listForResource(String projectId, UUID resourceId);
}
