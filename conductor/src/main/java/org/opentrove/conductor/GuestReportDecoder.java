package org.opentrove.conductor;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.opentrove.contract.BackupUpdate;
import org.opentrove.contract.ConductorMethods;
import org.opentrove.contract.Envelope;
import org.opentrove.contract.Heartbeat;
import org.opentrove.contract.MalformedMessageException;
import org.opentrove.contract.ServiceStatus;
import org.opentrove.contract.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes one delivery on its own, so a message that cannot be read is set aside without failing
 * the others of its batch. Values a guest sent reach the log only when they look like a name or a
 * UUID.
 */
final class GuestReportDecoder {
  private static final Logger LOG = LoggerFactory.getLogger(GuestReportDecoder.class);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  private static final Set<String> BACKUP_STATES =
      Set.of(BackupUpdate.SAVING, BackupUpdate.COMPLETED, BackupUpdate.FAILED);
  private static final int MAX_REMEMBERED_STATUSES = 64;

  private final Set<String> unknownStatusesSeen = ConcurrentHashMap.newKeySet();
  private final SenderCheck senders;

  GuestReportDecoder(SenderCheck senders) {
    this.senders = senders;
  }

  /** Never throws: whatever a body holds, it is either readable or a dead letter. */
  Decoded decode(Delivery delivery) {
    try {
      return decodeEnvelope(delivery);
    } catch (RuntimeException e) {
      return Decoded.poison(
          delivery,
          "a message of " + delivery.body().length + " bytes",
          "cannot be decoded: " + e.getClass().getSimpleName());
    }
  }

  private Decoded decodeEnvelope(Delivery delivery) {
    Envelope envelope;
    try {
      envelope = Wire.decode(delivery.body());
    } catch (MalformedMessageException e) {
      return Decoded.poison(
          delivery, "a message of " + delivery.body().length + " bytes", "not a JSON envelope");
    }
    JsonNode args = envelope.args();
    String subject = printable(envelope.method()) + " of instance " + instanceOf(args);
    if (args == null || !args.isObject()) {
      return Decoded.poison(delivery, subject, "no args");
    }
    Decoded decoded;
    if (ConductorMethods.HEARTBEAT.equals(envelope.method())) {
      decoded = heartbeat(delivery, subject, envelope);
    } else if (ConductorMethods.UPDATE_BACKUP.equals(envelope.method())) {
      decoded = backupReport(delivery, subject, envelope);
    } else {
      return Decoded.poison(delivery, subject, "unknown method");
    }
    if (!decoded.isReadable()) {
      return decoded;
    }
    String refusal = senders.refusal(delivery.userId(), decoded.report().instanceId());
    return refusal == null ? decoded : Decoded.poison(delivery, subject, refusal);
  }

  private Decoded heartbeat(Delivery delivery, String subject, Envelope envelope) {
    Heartbeat beat;
    try {
      beat = Wire.args(envelope, Heartbeat.class);
    } catch (MalformedMessageException e) {
      return Decoded.poison(delivery, subject, unreadable(e));
    }
    UUID instance = uuid(beat.instanceId());
    if (instance == null) {
      return Decoded.poison(delivery, subject, "no instance_id, or not a UUID");
    }
    if (beat.serviceStatus() == null) {
      return Decoded.poison(delivery, subject, "no service_status");
    }
    if (beat.serviceStatus() == ServiceStatus.UNKNOWN) {
      noteUnknownStatus(envelope.args().path("service_status").asText());
    }
    return Decoded.readable(
        delivery, subject, new GuestReport.Beat(instance, beat, envelope.sent()));
  }

  /** Unlike a heartbeat, a backup state this conductor does not know cannot be stored safely. */
  private static Decoded backupReport(Delivery delivery, String subject, Envelope envelope) {
    BackupUpdate update;
    try {
      update = Wire.args(envelope, BackupUpdate.class);
    } catch (MalformedMessageException e) {
      return Decoded.poison(delivery, subject, unreadable(e));
    }
    UUID instance = uuid(update.instanceId());
    UUID backup = uuid(update.backupId());
    if (instance == null || backup == null) {
      return Decoded.poison(delivery, subject, "no instance_id or backup_id, or not a UUID");
    }
    if (update.state() == null || !BACKUP_STATES.contains(update.state())) {
      return Decoded.poison(delivery, subject, "no state, or an unknown one");
    }
    return Decoded.readable(delivery, subject, new GuestReport.Backup(instance, backup, update));
  }

  /** Each newer status is logged the first time only: a guest repeats it every heartbeat. */
  private void noteUnknownStatus(String sent) {
    if (ServiceStatus.UNKNOWN.name().equals(sent)
        || unknownStatusesSeen.size() >= MAX_REMEMBERED_STATUSES
        || !unknownStatusesSeen.add(sent)) {
      return;
    }
    LOG.warn(
        "a guest reports service_status {}, which this conductor does not know; stored as UNKNOWN",
        printable(sent));
  }

  private static String instanceOf(JsonNode args) {
    JsonNode id = args == null ? null : args.get("instance_id");
    UUID uuid = id == null ? null : uuid(id.asText());
    return uuid == null ? "(unknown)" : uuid.toString();
  }

  /** Which field did not read, not the value in it. */
  private static String unreadable(MalformedMessageException e) {
    if (e.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      String field =
          mapping.getPath().stream()
              .map(
                  ref ->
                      ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
              .collect(Collectors.joining("."));
      return e.getMessage() + ": field " + field;
    }
    return e.getMessage();
  }

  private static String printable(String value) {
    return value != null && NAME.matcher(value).matches() ? value : "(unprintable)";
  }

  private static UUID uuid(String id) {
    try {
      return id == null ? null : UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
