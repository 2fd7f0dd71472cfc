package org.healbms.firmware.coap;

import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.network.KeyMID;
import org.eclipse.californium.core.network.deduplication.Deduplicator;

/**
 * Californium's deduplicators bound what they hold per peer (address and port) and in time, never
 * in total: each remembered message keeps its exchange (request and response) for the exchange
 * lifetime, so a flood from many source ports holds its rate times that lifetime. This one stops
 * remembering new messages at {@code capacity}: a retransmission of a message it did not remember is
 * handled again, which for this server's requests (GETs, idempotent writes of a whole value, a
 * sweep request that answers 5.03 while one runs) does no harm, where running out of heap would.
 */
final class BoundedDeduplicator implements Deduplicator {

    private final Deduplicator deduplicator;
    private final int capacity;

    BoundedDeduplicator(Deduplicator deduplicator, int capacity) {
        this.deduplicator = deduplicator;
        this.capacity = capacity;
    }

    @Override
    public Exchange findPrevious(KeyMID key, Exchange exchange) {
        if (deduplicator.size() >= capacity) {
            return deduplicator.find(key);
        }
        return deduplicator.findPrevious(key, exchange);
    }

    @Override
    public boolean replacePrevious(KeyMID key, Exchange previous, Exchange exchange) {
        if (deduplicator.size() >= capacity && deduplicator.find(key) == null) {
            return false;
        }
        return deduplicator.replacePrevious(key, previous, exchange);
    }

    @Override
    public Exchange find(KeyMID key) {
        return deduplicator.find(key);
    }

    @Override
    public void start() {
        deduplicator.start();
    }

    @Override
    public void stop() {
        deduplicator.stop();
    }

    @Override
    public void setExecutor(ScheduledExecutorService executor) {
        deduplicator.setExecutor(executor);
    }

    @Override
    public boolean isEmpty() {
        return deduplicator.isEmpty();
    }

    @Override
    public int size() {
        return deduplicator.size();
    }

    @Override
    public void clear() {
        deduplicator.clear();
    }
}
