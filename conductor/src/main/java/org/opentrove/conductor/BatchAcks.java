package org.opentrove.conductor;

import com.rabbitmq.client.Channel;
import java.io.IOException;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acknowledgements of one batch. A delivery settled on its own is remembered, so the ack or
 * requeue of the rest names a tag still outstanding: the broker closes a channel that settles a tag
 * twice.
 */
final class BatchAcks {
  private static final Logger LOG = LoggerFactory.getLogger(BatchAcks.class);

  private final Channel channel;
  private final NavigableSet<Long> unsettled = new TreeSet<>();

  BatchAcks(Channel channel, List<Delivery> batch) {
    this.channel = channel;
    batch.forEach(delivery -> unsettled.add(delivery.tag()));
  }

  void ack(Delivery delivery) throws IOException {
    if (unsettled.remove(delivery.tag())) {
      channel.basicAck(delivery.tag(), false);
    }
  }

  /** One ack for every delivery of the batch not settled yet (those below it are settled). */
  void ackRest() throws IOException {
    if (!unsettled.isEmpty()) {
      channel.basicAck(unsettled.last(), true);
      unsettled.clear();
    }
  }

  /** The deliveries of {@code batch} not settled yet, in its order. */
  List<Delivery> unsettledOf(List<Delivery> batch) {
    return batch.stream().filter(delivery -> unsettled.contains(delivery.tag())).toList();
  }

  void requeueRest() {
    if (unsettled.isEmpty() || !channel.isOpen()) {
      return; // a closed channel returns unacknowledged deliveries to the queue by itself
    }
    try {
      channel.basicNack(unsettled.last(), true, true);
      unsettled.clear();
    } catch (IOException e) {
      LOG.warn("cannot requeue a failed batch: {}", e.toString());
    }
  }
}
