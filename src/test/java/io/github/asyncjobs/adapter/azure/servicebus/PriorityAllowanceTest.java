package io.github.asyncjobs.adapter.azure.servicebus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class PriorityAllowanceTest {

    @Test
    void aCallersFirstJobsUpToTheBurstGoToThePriorityLaneAndTheRestToTheirSessions() {
        var allowance = new PriorityAllowance(new ServiceBusSettings.PriorityLane("jobs-priority", 3, 1));
        var heavy = IntStream.range(0, 4).mapToObj(i -> allowance.take("a")).toList();
        // The fourth comes right after the third, well before a second has refilled one.
        assertThat(heavy).containsExactly(true, true, true, false);
        assertThat(allowance.take("b")).as("another caller's allowance is their own").isTrue();
    }

    @Test
    void aBurstOfZeroSendsNothingToThePriorityLane() {
        var allowance = new PriorityAllowance(new ServiceBusSettings.PriorityLane("jobs-priority", 0, 1));
        assertThat(allowance.take("a")).isFalse();
    }
}
