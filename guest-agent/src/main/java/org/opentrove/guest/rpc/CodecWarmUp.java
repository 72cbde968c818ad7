package org.opentrove.guest.rpc;

import java.time.Clock;
import java.util.List;
import org.opentrove.contract.ConductorMethods;
import org.opentrove.contract.DatabaseSpec;
import org.opentrove.contract.Envelope;
import org.opentrove.contract.GuestMethods;
import org.opentrove.contract.Heartbeat;
import org.opentrove.contract.PrepareArgs;
import org.opentrove.contract.RequestContext;
import org.opentrove.contract.ServiceStatus;
import org.opentrove.contract.UserSpec;
import org.opentrove.contract.VolumeUsage;
import org.opentrove.contract.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads and initialises the message codec while the agent still waits for its container and the
 * broker: in a fresh JVM the first message decoded costs most of a second, which would otherwise
 * fall on {@code prepare}, right on a create's critical path.
 */
public final class CodecWarmUp {
  private static final Logger log = LoggerFactory.getLogger(CodecWarmUp.class);

  private CodecWarmUp() {}

  public static void startInBackground() {
    Thread thread = new Thread(CodecWarmUp::roundTrip, "codec-warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  /** Encodes and decodes what an agent's first minutes carry: prepare and a heartbeat. */
  public static void roundTrip() {
    try {
      PrepareArgs args =
          new PrepareArgs(
              "postgresql",
              "15",
              5432,
              512,
              List.of(new DatabaseSpec("warm", null, null)),
              List.of(new UserSpec("warm", "not-a-secret", "%", List.of("warm"))),
              List.of());
      Envelope sent =
          Wire.envelope(GuestMethods.PREPARE, args, RequestContext.none(), Clock.systemUTC());
      Wire.args(Wire.decode(Wire.encode(sent)), PrepareArgs.class);
      Heartbeat beat =
          new Heartbeat("warm", ServiceStatus.RUNNING, null, 1, new VolumeUsage(1 << 30, 1 << 29));
      Wire.decode(
          Wire.encode(
              Wire.envelope(
                  ConductorMethods.HEARTBEAT, beat, RequestContext.none(), Clock.systemUTC())));
    } catch (RuntimeException e) {
      log.debug("warming the codec up failed; the first message pays for it", e);
    }
  }
}
