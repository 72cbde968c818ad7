package org.opentrove.dist;

import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.LinkedHashSet;
import java.util.Set;
import org.opentrove.activities.compute.LocalComputeConfig;
import org.opentrove.api.ApiConfig;
import org.opentrove.conductor.ConductorConfig;
import org.opentrove.contract.AmqpSettings;
import org.opentrove.objects.ObjectStoreConfig;
import org.opentrove.temporal.TemporalConfig;

/** config.yml: one section per subsystem; each process reads the sections of its roles. */
public class TroveConfiguration extends Configuration {
  /** Which parts this process runs: {@code api}, {@code worker}, {@code conductor}. */
  @NotNull public Set<Role> roles = new LinkedHashSet<>(Set.of(Role.API));

  /** The control-plane PostgreSQL. An empty url is allowed only in dev mode (embedded). */
  @Valid @NotNull public DataSourceFactory database = new DataSourceFactory();

  @Valid @NotNull public TemporalConfig temporal = new TemporalConfig();
  @Valid @NotNull public AmqpSettings amqp = new AmqpSettings();
  @Valid @NotNull public ApiConfig api = new ApiConfig();
  @Valid @NotNull public ConductorConfig conductor = new ConductorConfig();
  @Valid @NotNull public ComputeConfig compute = new ComputeConfig();

  /** Where backups go: guests write there, workers delete from there. */
  @Valid @NotNull public ObjectStoreConfig backups = new ObjectStoreConfig();

  /**
   * Set by dev mode when it runs the embedded broker: its own way to make guest identities, in
   * place of {@code amqp.identities}. Not read from config.yml.
   */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public org.opentrove.contract.bus.BrokerIdentities embeddedBrokerIdentities;

  /** Guest calls (stop, restart) give up after this long. */
  public int guestCallTimeoutSeconds = 20;

  public enum Role {
    API,
    WORKER,
    CONDUCTOR;

    @com.fasterxml.jackson.annotation.JsonCreator
    public static Role parse(String value) {
      return Role.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
    }
  }

  /** The compute driver ({@code local} or {@code nova}) and its settings. */
  public static class ComputeConfig {
    public String driver = "local";
    @Valid @NotNull public LocalComputeConfig local = new LocalComputeConfig();

    @Valid @NotNull
    public org.opentrove.activities.compute.nova.NovaComputeConfig nova =
        new org.opentrove.activities.compute.nova.NovaComputeConfig();
  }
}
