package org.healbms.twin.pack;

/** The packs the twin knows, by id: every instance of the twin must answer the same. */
@FunctionalInterface
public interface Fleet {

    /** The pack's model, or null for a pack the fleet does not have. */
    PackModel model(String packId);
}
