package org.healbms.core.pack;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The pack state machine: one class per state (its switch positions and its exits), this class only
 * sequences them, drives the contactors on every change, and logs each transition with its reason.
 * It starts in STANDBY with everything open.
 */
public final class PackStateMachine {

    private final Map<PackState, StateBehaviour> states = new EnumMap<>(PackState.class);
    private final Contactors contactors;
    private final List<StateTransition> log = new ArrayList<>();
    private StateBehaviour current;
    private long enteredNanos;

    public PackStateMachine(Contactors contactors, long nowNanos) {
        for (StateBehaviour s : List.of(
                new StandbyState(),
                new PrechargeState(),
                new NormalState(),
                new DeratedState(),
                new FaultState(),
                new ShutdownState())) {
            states.put(s.state(), s);
        }
        this.contactors = contactors;
        this.current = states.get(PackState.STANDBY);
        this.enteredNanos = nowNanos;
        contactors.openAll();
    }

    public PackState state() {
        return current.state();
    }

    /** Evaluates one tick; at most one transition per tick, so every state is seen by the log. */
    public PackState step(PackInputs in) {
        StateBehaviour.Next next = current.next(in, in.nowNanos() - enteredNanos);
        if (next != null && next.state() != current.state()) {
            log.add(new StateTransition(in.nowNanos(), current.state(), next.state(), next.reason()));
            current = states.get(next.state());
            enteredNanos = in.nowNanos();
            boolean[] s = current.switches();
            contactors.set(s[0], s[1], s[2]);
        }
        return current.state();
    }

    public List<StateTransition> transitions() {
        return List.copyOf(log);
    }

    /** How many transitions there have been: cheaper than {@link #transitions} for a caller that polls each tick. */
    public int transitionCount() {
        return log.size();
    }
}
