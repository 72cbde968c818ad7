package org.opentrove.api;

import io.dropwizard.core.setup.Environment;
import io.temporal.client.WorkflowClient;
import java.time.Clock;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.opentrove.api.auth.AdminReach;
import org.opentrove.api.auth.AuthFilters;
import org.opentrove.api.core.BackupService;
import org.opentrove.api.core.ClusterService;
import org.opentrove.api.core.ComputeDriver;
import org.opentrove.api.core.DatastoreStop;
import org.opentrove.api.core.DatastoreVersionAdmin;
import org.opentrove.api.core.FailoverMonitor;
import org.opentrove.api.core.GuestCaller;
import org.opentrove.api.core.InstanceAdmin;
import org.opentrove.api.core.InstanceService;
import org.opentrove.api.core.InstanceStatus;
import org.opentrove.api.core.InstanceUpdates;
import org.opentrove.api.core.OperationControl;
import org.opentrove.api.core.OperationReconciler;
import org.opentrove.api.core.OperationStarter;
import org.opentrove.api.core.ReplicaService;
import org.opentrove.api.core.ResizeService;
import org.opentrove.api.core.RootHistory;
import org.opentrove.api.core.StatusReset;
import org.opentrove.api.core.VolumeTypes;
import org.opentrove.api.errors.BodyReadErrorMapper;
import org.opentrove.api.errors.JsonErrorHandler;
import org.opentrove.api.errors.MalformedJsonMapper;
import org.opentrove.api.errors.TroveErrorMapper;
import org.opentrove.api.errors.UnexpectedErrorMapper;
import org.opentrove.api.errors.WebErrorMapper;
import org.opentrove.api.http.ParserRejections;
import org.opentrove.api.http.RequestShapeFilter;
import org.opentrove.api.http.UnreadBodyFilter;
import org.opentrove.api.limits.RateLimitFilter;
import org.opentrove.api.limits.RateLimiter;
import org.opentrove.api.metrics.ApiRequestMetrics;
import org.opentrove.api.metrics.ControlPlaneGauges;
import org.opentrove.api.metrics.MeasuredGuestCaller;
import org.opentrove.api.quota.Quotas;
import org.opentrove.api.resources.BackupsResource;
import org.opentrove.api.resources.ClustersResource;
import org.opentrove.api.resources.DatabasesResource;
import org.opentrove.api.resources.DatastoresResource;
import org.opentrove.api.resources.FlavorsResource;
import org.opentrove.api.resources.InstanceActionsResource;
import org.opentrove.api.resources.InstanceBackupsResource;
import org.opentrove.api.resources.InstancesResource;
import org.opentrove.api.resources.LimitsResource;
import org.opentrove.api.resources.MgmtDatastoreVersionsResource;
import org.opentrove.api.resources.MgmtInstanceActionsResource;
import org.opentrove.api.resources.MgmtInstancesResource;
import org.opentrove.api.resources.MgmtQuotasResource;
import org.opentrove.api.resources.OperationsResource;
import org.opentrove.api.resources.RootResource;
import org.opentrove.api.resources.UsersResource;
import org.opentrove.api.resources.VersionsResource;
import org.opentrove.api.views.ClusterView;
import org.opentrove.api.views.InstanceView;
import org.opentrove.api.views.OperationView;

/** Installs the Trove v1.0 API into a Dropwizard environment: the table of contents of the API. */
public final class ApiServer {
  private ApiServer() {}

  public static void install(
      Environment environment,
      ApiConfig config,
      Jdbi jdbi,
      WorkflowClient workflows,
      GuestCaller guest,
      ComputeDriver compute,
      Clock clock) {
    VolumeTypes volumeTypes = compute.volumeTypes();
    var jersey = environment.jersey();
    jersey.register(new ApiRequestMetrics(environment.metrics()));
    ControlPlaneGauges.register(environment.metrics(), jdbi);
    jersey.register(AuthFilters.forConfig(config, environment.getObjectMapper(), clock));
    RateLimiter limiter = new RateLimiter(config.rateLimits);
    jersey.register(new RateLimitFilter(limiter, config.rateLimits.overLimitStatus));
    jersey.register(new AdminReach(jdbi));
    jersey.register(new RequestShapeFilter());
    jersey.register(new UnreadBodyFilter());
    jersey.register(new TroveErrorMapper());
    jersey.register(new MalformedJsonMapper());
    jersey.register(new BodyReadErrorMapper());
    jersey.register(new WebErrorMapper());
    jersey.register(new UnexpectedErrorMapper());
    JsonErrorHandler jettyErrors = new JsonErrorHandler();
    environment.getApplicationContext().setErrorHandler(jettyErrors);
    environment.lifecycle().addEventListener(jettyErrors.installer());
    environment.lifecycle().addEventListener(ParserRejections.installer(environment.metrics()));

    InstanceStatus statuses =
        new InstanceStatus(Duration.ofMillis(Math.round(config.heartbeatExpirySeconds * 1000)));
    OperationStarter starter = new OperationStarter(workflows, jdbi, clock);
    environment
        .lifecycle()
        .manage(
            new OperationReconciler(
                jdbi,
                starter,
                clock,
                Duration.ofMillis(Math.round(config.reconcileGraceSeconds * 1000)),
                Duration.ofMillis(Math.round(config.reconcilePeriodSeconds * 1000))));
    Quotas quotas = new Quotas(jdbi, config.quotas);
    InstanceService instances =
        new InstanceService(
            jdbi,
            starter,
            statuses,
            environment.getObjectMapper(),
            clock,
            config.defaultDatastore,
            quotas,
            volumeTypes);
    InstanceAdmin admin =
        new InstanceAdmin(
            instances,
            statuses,
            new MeasuredGuestCaller(guest, environment.metrics()),
            Duration.ofMillis(Math.round(config.guestCallTimeoutSeconds * 1000)),
            clock);

    jersey.register(new VersionsResource());
    jersey.register(new FlavorsResource(jdbi));
    DatastoreVersionAdmin datastoreAdmin = new DatastoreVersionAdmin(jdbi);
    jersey.register(new DatastoresResource(jdbi, datastoreAdmin, volumeTypes));
    jersey.register(new MgmtDatastoreVersionsResource(datastoreAdmin));
    OperationView operations = new OperationView(environment.getObjectMapper());
    ReplicaService replicas =
        new ReplicaService(
            jdbi,
            instances,
            statuses,
            starter,
            admin,
            environment.getObjectMapper(),
            clock,
            quotas);
    environment
        .lifecycle()
        .manage(
            new FailoverMonitor(
                jdbi,
                replicas,
                clock,
                Duration.ofMillis(Math.round(config.failoverGraceSeconds * 1000)),
                Duration.ofMillis(Math.round(config.failoverDampingSeconds * 1000)),
                Duration.ofMillis(Math.round(config.failoverCheckSeconds * 1000))));
    jersey.register(
        new InstancesResource(
            instances,
            replicas,
            new InstanceUpdates(jdbi, instances, replicas, environment.getObjectMapper(), clock),
            new InstanceView(statuses, jdbi),
            operations,
            config,
            clock));
    StatusReset statusReset =
        new StatusReset(jdbi, workflows, environment.getObjectMapper(), clock);
    jersey.register(
        new MgmtInstanceActionsResource(
            instances,
            statusReset,
            new DatastoreStop(jdbi, admin, environment.getObjectMapper(), clock),
            compute.migratesServers()));
    jersey.register(new MgmtInstancesResource(jdbi, new InstanceView(statuses, jdbi), clock));
    jersey.register(new MgmtQuotasResource(quotas));
    jersey.register(new LimitsResource(quotas, limiter, clock));
    jersey.register(
        new InstanceActionsResource(
            instances,
            new ResizeService(jdbi, instances, statuses, starter, clock, config.maxVolumeSizeGb),
            replicas,
            statusReset));
    BackupService backups =
        new BackupService(
            jdbi, instances, statuses, starter, environment.getObjectMapper(), clock, quotas);
    jersey.register(new BackupsResource(backups, config.backupsPageSize));
    jersey.register(new InstanceBackupsResource(instances, backups, config.backupsPageSize));
    jersey.register(new DatabasesResource(admin));
    jersey.register(new UsersResource(admin));
    jersey.register(
        new RootResource(admin, new RootHistory(jdbi, clock), environment.getObjectMapper()));
    jersey.register(
        new ClustersResource(
            new ClusterService(
                jdbi,
                starter,
                environment.getObjectMapper(),
                clock,
                config.maxVolumeSizeGb,
                quotas,
                volumeTypes),
            new ClusterView(statuses),
            new InstanceView(statuses, jdbi),
            admin,
            clock));
    jersey.register(
        new OperationsResource(
            jdbi, operations, new OperationControl(jdbi, workflows, starter, clock, quotas)));
  }
}
