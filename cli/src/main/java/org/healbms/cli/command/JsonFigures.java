package org.healbms.cli.command;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Figures in the commands' JSON: a number, or null where there is none (JSON has no NaN). */
final class JsonFigures {

    private JsonFigures() {}

    static void put(ObjectNode o, String field, double v) {
        if (Double.isFinite(v)) {
            o.put(field, v);
        } else {
            o.putNull(field);
        }
    }
}
