package org.opentrove.guest;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a guest agent: {@code GuestAgentMain --config <file> --instance-id <id>}. The id is on the
 * command line only so that {@code ps} shows which instance a process serves; it must match the
 * file's {@code instance_id}. Exits 2 on a bad command line or configuration, 1 on another startup
 * failure; SIGTERM stops the datastore and the agent.
 */
public final class GuestAgentMain {
  private static final Logger log = LoggerFactory.getLogger(GuestAgentMain.class);

  /** The class-archive training run ({@link TrainingRun}). */
  public static final String WARM_UP = "--warm-up";

  private static final String USAGE = "usage: GuestAgentMain --config <file> --instance-id <id>";

  private GuestAgentMain() {}

  public static void main(String[] args) {
    if (args.length == 1 && args[0].equals(WARM_UP)) {
      TrainingRun.run();
      System.exit(0);
    }
    try {
      run(args);
    } catch (GuestConfigException e) {
      log.error("{}", e.getMessage());
      System.err.println("guest agent: " + e.getMessage());
      System.exit(2);
    } catch (Exception e) {
      log.error("guest agent failed to start", e);
      System.exit(1);
    }
  }

  /** Runs an agent until the JVM shuts down; for launchers that call it in-process. */
  public static void run(String[] args) throws Exception {
    CommandLine commandLine = CommandLine.parse(args);
    GuestAgentConfig config = GuestAgentConfig.load(commandLine.config());
    if (!config.instanceId().equals(commandLine.instanceId())) {
      throw new GuestConfigException(
          "--instance-id "
              + commandLine.instanceId()
              + " does not match instance_id "
              + config.instanceId()
              + " in "
              + commandLine.config());
    }
    GuestAgent agent = new GuestAgent(config);
    Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "guest-agent-shutdown"));
    agent.start();
    agent.awaitClosed();
  }

  record CommandLine(Path config, String instanceId) {
    static CommandLine parse(String[] args) {
      Path config = null;
      String instanceId = null;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (i + 1 >= args.length) {
          throw new GuestConfigException("missing value after " + arg + "; " + USAGE);
        }
        switch (arg) {
          case "--config" -> config = Path.of(args[++i]);
          case "--instance-id" -> instanceId = args[++i];
          default -> throw new GuestConfigException("unknown argument " + arg + "; " + USAGE);
        }
      }
      if (config == null || instanceId == null) {
        throw new GuestConfigException(USAGE);
      }
      return new CommandLine(config, instanceId);
    }
  }
}
