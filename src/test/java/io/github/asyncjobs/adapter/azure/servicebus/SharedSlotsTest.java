package io.github.asyncjobs.adapter.azure.servicebus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;

import org.junit.jupiter.api.Test;

class SharedSlotsTest {

    private final SharedSlots slots = new SharedSlots(2);
    private final ArrayList<String> retried = new ArrayList<>();

    @Test
    void aTurnWaitsForRoomAndTriesAgainWhenATurnEnds() {
        assertThat(slots.startTurnOrWait(() -> retried.add("first"))).isTrue();
        assertThat(slots.startTurnOrWait(() -> retried.add("second"))).isTrue();
        assertThat(slots.startTurnOrWait(() -> retried.add("third"))).isFalse();
        assertThat(retried).isEmpty();
        // As when a replaced client's slots give their room back.
        slots.turnEnded();
        assertThat(retried).containsExactly("third");
    }

    @Test
    void priorityJobsTakeSlotsFromTheTurnsAndGiveThemBackWhenTheyEnd() {
        slots.startTurnOrWait(() -> retried.add("first"));
        slots.startTurnOrWait(() -> retried.add("second"));
        slots.priorityStarted();
        assertThat(slots.crowded()).as("two turns where the priority job leaves one").isTrue();
        slots.turnEnded();
        assertThat(slots.crowded()).isFalse();
        assertThat(slots.startTurnOrWait(() -> retried.add("again"))).as("no room while the priority job runs").isFalse();
        slots.priorityEnded();
        assertThat(retried).containsExactly("again");
    }
}
