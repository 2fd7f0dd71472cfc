package org.healbms.core.signature;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.RandomAccess;

/**
 * The signatures a tick finds, gathered from several detectors into one list that is kept from tick to
 * tick (cleared, not made again). A detector's list is added one by one: {@link ArrayList#addAll} first
 * copies the other collection into a new array, even an empty one, and nearly every tick adds only the
 * detectors' shared empty lists.
 */
public final class FoundSignatures extends ArrayList<DegradationSignature> {

    @Override
    public boolean addAll(Collection<? extends DegradationSignature> more) {
        if (!(more instanceof List<? extends DegradationSignature> list) || !(more instanceof RandomAccess)) {
            return super.addAll(more);
        }
        for (int k = 0; k < list.size(); k++) {
            add(list.get(k));
        }
        return !list.isEmpty();
    }
}
