package io.github.asyncjobs.testing;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Gates that hold a {@link GatedHandler} job in Running until a test opens them. */
public final class TestGates {

    private static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();
    private static final Set<String> INTERRUPTED = ConcurrentHashMap.newKeySet();

    private TestGates() {
    }

    public static String newGate() {
        var name = UUID.randomUUID().toString();
        GATES.put(name, new CountDownLatch(1));
        return name;
    }

    public static void open(String name) {
        GATES.get(name).countDown();
    }

    /** Whether a handler waiting at this gate was interrupted. */
    public static boolean interrupted(String name) {
        return INTERRUPTED.contains(name);
    }

    static void await(String name) throws InterruptedException {
        var gate = GATES.get(name);
        if (gate == null) {
            // A job on a gate no test made would fail at once and be retried: the test would not see what it expects.
            throw new IllegalStateException("No gate " + name + ": make gates with TestGates.newGate()");
        }
        try {
            if (!gate.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Gate " + name + " was never opened");
            }
        } catch (InterruptedException e) {
            INTERRUPTED.add(name);
            throw e;
        }
    }
}
