package org.opentrove.dist;

import java.util.Arrays;
import org.opentrove.guest.GuestAgentMain;

/** Entry point of the {@code trove} command; the guest agent skips Dropwizard entirely. */
public final class TroveMain {
  private TroveMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("guest-agent")) {
      GuestAgentMain.run(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    new TroveApplication().run(args);
  }
}
