package org.opentrove.activities.compute;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.opentrove.contract.AmqpSettings;
import org.opentrove.objects.ObjectStoreConfig;
import org.opentrove.temporal.activities.compute.CreateServerRequest;

/**
 * Starts a guest agent as a process detached from this one ({@code setsid}: its own session, so a
 * worker crash or a Ctrl-C in the worker's terminal does not take guests down). The guest's
 * settings, including the broker and object store credentials, go into a 0600 file, never onto the
 * command line.
 */
final class GuestLauncher {
  static final String GUEST_MAIN = "org.opentrove.guest.GuestAgentMain";

  private final LocalComputeConfig config;
  private final AmqpSettings amqp;
  private final ObjectStoreConfig backups;

  GuestLauncher(LocalComputeConfig config, AmqpSettings amqp, ObjectStoreConfig backups) {
    this.config = config;
    this.amqp = amqp;
    this.backups = backups;
  }

  long launch(VmDirectory vm, CreateServerRequest request) throws IOException {
    writeConfig(vm, request);
    return start(vm, request.instanceId());
  }

  /** Starts the guest again with the configuration written when it was first launched. */
  long start(VmDirectory vm, String instanceId) throws IOException {
    List<String> command = new ArrayList<>();
    command.add("setsid");
    command.add(javaCommand());
    command.addAll(config.guestJvmOptions);
    command.add("-cp");
    command.add(classpath());
    command.add(GUEST_MAIN);
    command.add("--config");
    command.add(vm.config().toString());
    command.add("--instance-id");
    command.add(instanceId);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(vm.log().toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process process = builder.start();
    long pid = process.pid();
    Files.writeString(vm.pidFile(), Long.toString(pid));
    return pid;
  }

  private void writeConfig(VmDirectory vm, CreateServerRequest request) throws IOException {
    Properties props = new Properties();
    props.setProperty("instance_id", request.instanceId());
    props.setProperty("amqp_uri", amqp.uri);
    props.setProperty("exchange", amqp.exchange);
    props.setProperty("conductor_queue", amqp.conductorQueue);
    props.setProperty(
        "heartbeat_interval_seconds", Double.toString(config.heartbeatIntervalSeconds));
    props.setProperty("data_dir", request.volumePath());
    props.setProperty("datastore", request.datastore());
    setIfPresent(props, "object_store.type", backups.type);
    setIfPresent(props, "object_store.path", backups.path);
    setIfPresent(props, "object_store.auth_url", backups.authUrl);
    setIfPresent(props, "object_store.auth_version", Integer.toString(backups.authVersion));
    setIfPresent(props, "object_store.user", backups.user);
    setIfPresent(props, "object_store.key", backups.key);
    setIfPresent(props, "object_store.project", backups.project);
    setIfPresent(props, "object_store.domain", backups.domain);
    setIfPresent(props, "object_store.region", backups.region);
    setIfPresent(props, "object_store.container", backups.container);
    setIfPresent(
        props,
        "object_store.write_limit_mib_per_second",
        Double.toString(backups.writeLimitMibPerSecond));
    if (!config.pgBinDir.isBlank()) {
      props.setProperty("pg_bin_dir", config.pgBinDir);
    }
    Files.deleteIfExists(vm.config());
    Files.createFile(
        vm.config(),
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (Writer out = Files.newBufferedWriter(vm.config(), StandardOpenOption.WRITE)) {
      props.store(out, "guest agent settings for instance " + request.instanceId());
    }
  }

  /** A setting left empty in config.yml arrives as null: the guest then uses its default. */
  private static void setIfPresent(Properties props, String key, String value) {
    if (value != null && !value.isEmpty()) {
      props.setProperty(key, value);
    }
  }

  private String javaCommand() {
    if (!config.javaCommand.isBlank()) {
      return config.javaCommand;
    }
    return ProcessHandle.current().info().command().orElse("java");
  }

  private String classpath() {
    return config.guestClasspath.isBlank()
        ? System.getProperty("java.class.path")
        : config.guestClasspath;
  }
}
