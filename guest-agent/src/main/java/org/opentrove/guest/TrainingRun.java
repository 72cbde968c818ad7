package org.opentrove.guest;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.opentrove.contract.Amqp;
import org.opentrove.guest.os.ProcessRunner;
import org.opentrove.guest.rpc.CodecWarmUp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GuestAgentMain --warm-up}: walks the code an agent runs on its way to its first healthy
 * heartbeat (logging, the message codec, a child process, the JDBC drivers and the AMQP client, the
 * last two against a closed local port), touching nothing. The compute driver runs it once with
 * {@code -XX:ArchiveClassesAtExit}, and every later agent maps the archived classes instead of
 * loading them (AppCDS).
 */
final class TrainingRun {
  private static final Logger log = LoggerFactory.getLogger(TrainingRun.class);
  private static final String CLOSED_PORT = "127.0.0.1:1";

  private TrainingRun() {}

  static void run() {
    log.info("warming up the guest agent's classes");
    CodecWarmUp.roundTrip();
    new ProcessRunner().run("true", List.of("true"), Path.of("/"), Duration.ofSeconds(30));
    refused(() -> DriverManager.getConnection("jdbc:postgresql://" + CLOSED_PORT + "/x", "x", "x"));
    refused(() -> DriverManager.getConnection("jdbc:mariadb://" + CLOSED_PORT + "/x", "x", "x"));
    refused(() -> Amqp.connect("amqp://x:x@" + CLOSED_PORT + "/", "warm-up").close());
  }

  @FunctionalInterface
  private interface Attempt {
    void run() throws Exception;
  }

  private static void refused(Attempt attempt) {
    try {
      attempt.run();
    } catch (SQLException | java.io.IOException | java.util.concurrent.TimeoutException e) {
      log.debug("refused, as expected: {}", e.toString());
    } catch (Exception e) {
      log.debug("warm-up step failed: {}", e.toString());
    }
  }
}
