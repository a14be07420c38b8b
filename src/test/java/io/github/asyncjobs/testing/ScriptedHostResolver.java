package io.github.asyncjobs.testing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.github.asyncjobs.job.callback.HostResolver;

/**
 * The resolver of every test app: names under {@code .test} (reserved, RFC 2606) resolve as a test scripts them, one
 * answer per lookup and the last one for good, as a name whose owner changes its DNS records would; all other names as
 * the system resolves them.
 */
@ApplicationScoped
public class ScriptedHostResolver extends HostResolver {

    private record Script(List<String> answers, AtomicInteger lookups) {
    }

    private final Map<String, Script> scripts = new ConcurrentHashMap<>();

    /** {@code host} resolves to each of {@code addresses} in turn (IP literals), then to the last one. */
    public void script(String host, String... addresses) {
        scripts.put(host, new Script(List.of(addresses), new AtomicInteger()));
    }

    /** How often {@code host} was looked up since it was scripted. */
    public int lookups(String host) {
        return scripts.get(host).lookups().get();
    }

    @Override
    public InetAddress[] addresses(String host) throws UnknownHostException {
        if (!host.endsWith(".test")) {
            return super.addresses(host);
        }
        var script = scripts.get(host);
        if (script == null) {
            throw new UnknownHostException(host + " (not scripted)");
        }
        var answer = script.answers().get(Math.min(script.lookups().getAndIncrement(), script.answers().size() - 1));
        return new InetAddress[] {InetAddress.getByName(answer)};
    }
}
