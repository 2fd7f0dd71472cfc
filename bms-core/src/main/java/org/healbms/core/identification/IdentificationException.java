package org.healbms.core.identification;

/** The given tests cannot identify a parameter; the message says which test and why. */
public final class IdentificationException extends Exception {
    public IdentificationException(String message) {
        super(message);
    }
}
