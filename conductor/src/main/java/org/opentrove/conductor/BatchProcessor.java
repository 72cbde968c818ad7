package org.opentrove.conductor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch: each delivery is decoded on its own, the readable ones are applied in one transaction,
 * then acknowledged. A delivery that cannot be decoded is dead-lettered at once. When the
 * transaction fails for a reason other than a database outage, the deliveries are applied one per
 * transaction and only those that still fail are dead-lettered. A database outage dead-letters
 * nothing: the exception leaves what is unsettled for the caller to requeue.
 */
final class BatchProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(BatchProcessor.class);

  private final GuestReportDecoder decoder;
  private final ReportApplier applier;
  private final DeadLetters deadLetters;
  private final Consumer<ReportApplier.Outcome> onApplied;
  private final AtomicLong applied = new AtomicLong();
  private final ConductorMetrics metrics;

  BatchProcessor(
      GuestReportDecoder decoder,
      ReportApplier applier,
      DeadLetters deadLetters,
      Consumer<ReportApplier.Outcome> onApplied,
      ConductorMetrics metrics) {
    this.metrics = metrics;
    this.decoder = decoder;
    this.applier = applier;
    this.deadLetters = deadLetters;
    this.onApplied = onApplied;
  }

  /** Messages applied (stale heartbeats included: they were handled) since start. */
  long appliedCount() {
    return applied.get();
  }

  void process(List<Delivery> batch, BatchAcks acks) throws IOException {
    List<Decoded> readable = new ArrayList<>(batch.size());
    for (Delivery delivery : batch) {
      Decoded decoded = decoder.decode(delivery);
      if (decoded.isReadable()) {
        readable.add(decoded);
      } else {
        deadLetters.send(decoded, decoded.problem());
        metrics.deadLettered();
        acks.ack(delivery);
      }
    }
    ReportApplier.Outcome outcome;
    try {
      outcome = applier.apply(readable.stream().map(Decoded::report).toList());
      acks.ackRest();
      applied.addAndGet(readable.size());
      long now = System.currentTimeMillis();
      readable.forEach(message -> metrics.applied(message.report(), now));
    } catch (RuntimeException e) {
      if (DatabaseFailures.isTransient(e)) {
        throw e;
      }
      LOG.warn(
          "a batch of {} failed ({}); applying its messages one at a time",
          readable.size(),
          DatabaseFailures.describe(e));
      outcome = applyOneByOne(readable, acks);
    }
    onApplied.accept(outcome);
  }

  private ReportApplier.Outcome applyOneByOne(List<Decoded> readable, BatchAcks acks)
      throws IOException {
    ReportApplier.Outcome outcome = ReportApplier.Outcome.NONE;
    for (Decoded message : readable) {
      try {
        outcome = outcome.plus(applier.apply(List.of(message.report())));
        applied.incrementAndGet();
        metrics.applied(message.report(), System.currentTimeMillis());
      } catch (RuntimeException e) {
        if (DatabaseFailures.isTransient(e)) {
          onApplied.accept(outcome);
          throw e;
        }
        deadLetters.send(message, DatabaseFailures.describe(e));
        metrics.deadLettered();
      }
      acks.ack(message.delivery());
    }
    return outcome;
  }
}
