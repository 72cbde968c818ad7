package org.opentrove.activities.compute;

import java.util.List;

/** The {@code local} compute driver: each "server" is a guest-agent process on this host. */
public class LocalComputeConfig {
  /** Holds one directory per instance: the guest's config, pid, log and volume. */
  public String dataRoot = System.getProperty("java.io.tmpdir") + "/opentrove";

  public int portRangeStart = 15432;
  public int portRangeEnd = 16431;

  /** The java binary for guests; empty means the one running this process. */
  public String javaCommand = "";

  /** The guest agent's classpath; empty means this process's own. */
  public String guestClasspath = "";

  /**
   * Where the guests' class archive (AppCDS) is made and kept: a directory of this process's user
   * alone. Empty: guests load their classes from the jars each time.
   */
  public String guestClassArchiveDir = "";

  /**
   * Small heap and serial GC for a small agent. The optimising compiler stays on but only for
   * really hot code: backups stream every byte through the agent (hashing included), and C1-only
   * code hashes at a sixth of the speed; raised tier-4 thresholds keep C2 out of the boot, which
   * would otherwise cost a create about 0.4 s.
   */
  public List<String> guestJvmOptions =
      List.of(
          "-Xmx96m",
          "-XX:+UseSerialGC",
          "-XX:CICompilerCount=2",
          "-XX:Tier4InvocationThreshold=50000",
          "-XX:Tier4MinInvocationThreshold=20000",
          "-XX:Tier4CompileThreshold=60000",
          "-XX:Tier4BackEdgeThreshold=400000",
          "-Xss512k");

  public double heartbeatIntervalSeconds = 10;

  /** PostgreSQL binaries for guests; empty lets the guest find the host's or its bundled ones. */
  public String pgBinDir = "";

  /** How often the worker looks for servers no live instance owns, and removes them. */
  public int orphanCheckSeconds = 60;

  /** A server directory no instance row names is only an orphan once it is this old. */
  public int orphanGraceSeconds = 120;

  /**
   * Where guests run their datastore: {@code process} (a host process), {@code docker} (the
   * instance's own container on the project's daemon), or {@code auto}: docker when that daemon
   * answers, else process (resolved once, at start).
   */
  public String runtime = "process";

  public DockerRuntimeConfig docker = new DockerRuntimeConfig();

  /**
   * The filesystem of each instance's loop-mounted volume: {@code xfs} (grows online with the
   * capabilities mounting needs) or {@code ext4} (growing it online needs CAP_SYS_RESOURCE too).
   */
  public String volumeFilesystem = "xfs";

  /** How long a deleted guest gets to stop its datastore before it is killed. */
  public int stopGraceSeconds = 20;
}
