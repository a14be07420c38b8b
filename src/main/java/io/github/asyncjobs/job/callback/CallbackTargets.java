package io.github.asyncjobs.job.callback;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.github.asyncjobs.config.JobsConfig;
import io.github.asyncjobs.job.JobCallback;
import io.github.asyncjobs.job.spi.FieldError;
import io.github.asyncjobs.job.spi.InvalidJobException;

/**
 * Which URLs the service may POST notifications to, so that a caller cannot make it reach into its own network (SSRF):
 * absolute https URLs without user information whose host resolves to public addresses only. Hosts in
 * {@code jobs.callbacks.allowed-hosts} may also use plain http and resolve anywhere (tests, local receivers). Checked
 * when a job is accepted and again before each attempt, since what a name resolves to can change (DNS rebinding); an
 * attempt connects to the address that was checked, without looking the name up again. A lookup gets the attempt
 * timeout; one that takes longer counts as a name that does not resolve.
 */
@ApplicationScoped
public class CallbackTargets {

    static final String POINTER = "/callback/url";
    private static final int MAX_LENGTH = 2048;
    /** Lookups under way at once at most; beyond them a lookup fails at once rather than queueing behind stuck ones. */
    private static final int MAX_LOOKUPS = 16;
    /** Ranges beyond those InetAddress names that no notification has a reason to reach. */
    private static final List<AddressRange> BLOCKED = AddressRange.of(
            "0.0.0.0/8", // "this network"
            "100.64.0.0/10", // shared address space (carrier-grade NAT)
            "168.63.129.16/32", // Azure's platform endpoint (DNS, health probes, the VM agent)
            "192.0.0.0/24", // IETF protocol assignments
            "198.18.0.0/15", // benchmarking networks
            "240.0.0.0/4", // reserved, and the broadcast address
            "fc00::/7", // unique local
            "2002::/16", // 6to4: stands for an IPv4 address, of any kind
            "64:ff9b:1::/48"); // local-use NAT64
    /** The well-known NAT64 prefix, 64:ff9b::/96, under which an IPv6 address stands for an IPv4 one. */
    private static final byte[] NAT64 = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};

    /**
     * Where an attempt may go now: the address to connect to, or why not. Without either, the name did not resolve
     * (in time): a failed attempt, tried again.
     */
    record Destination(Optional<InetAddress> address, Optional<String> refusal) {

        static Destination to(InetAddress address) {
            return new Destination(Optional.of(address), Optional.empty());
        }

        static Destination refused(String reason) {
            return new Destination(Optional.empty(), Optional.of(reason));
        }

        static final Destination UNRESOLVED = new Destination(Optional.empty(), Optional.empty());
    }

    private final Set<String> allowedHosts;
    private final HostResolver resolver;
    private final Duration lookupTimeout;
    private final ExecutorService lookups = new ThreadPoolExecutor(0, MAX_LOOKUPS, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), runnable -> {
                var thread = new Thread(runnable, "callback-lookup");
                thread.setDaemon(true);
                return thread;
            });

    public CallbackTargets(JobsConfig config, HostResolver resolver) {
        this.resolver = resolver;
        this.lookupTimeout = config.callbacks().attemptTimeout();
        this.allowedHosts = config.callbacks().allowedHosts().orElse(List.of()).stream().map(CallbackTargets::normalized)
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * The callback {@code request} asks for, checked.
     *
     * @throws InvalidJobException naming {@code /callback/url}, with what is wrong
     */
    public JobCallback accept(CallbackRequest request) {
        var url = parse(request.url());
        var destination = destination(url);
        destination.refusal().ifPresent(problem -> {
            throw invalid(problem);
        });
        if (destination.address().isEmpty()) {
            throw invalid("names a host that cannot be resolved");
        }
        return new JobCallback(url, request.baseUrl());
    }

    /** Where an attempt to call {@code url} may connect now: its host looked up once, and checked. */
    Destination destination(URI url) {
        var scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Destination.refused("must be an https URL");
        }
        if (url.getRawUserInfo() != null) {
            return Destination.refused("must not contain user information (user:password@)");
        }
        var host = normalized(url.getHost());
        var allowed = allowedHosts.contains(host);
        if (scheme.equals("http") && !allowed) {
            return Destination.refused("must be an https URL (plain http only to hosts in jobs.callbacks.allowed-hosts)");
        }
        var addresses = lookup(host);
        if (addresses.length == 0) {
            return Destination.UNRESOLVED;
        }
        if (!allowed && Arrays.stream(addresses).anyMatch(CallbackTargets::internal)) {
            return Destination.refused("must not lead to a loopback, link-local, private or multicast address");
        }
        return Destination.to(addresses[0]);
    }

    /** What {@code host} resolves to, or nothing when it does not (within the attempt timeout). */
    private InetAddress[] lookup(String host) {
        Future<InetAddress[]> lookup;
        try {
            lookup = lookups.submit(() -> resolver.addresses(host));
        } catch (RejectedExecutionException e) {
            return new InetAddress[0]; // as many lookups hang already: this one would too
        }
        try {
            return lookup.get(lookupTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            lookup.cancel(true);
            return new InetAddress[0];
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new InetAddress[0];
        }
    }

    private static URI parse(String text) {
        if (text.length() > MAX_LENGTH) {
            throw invalid("must be at most " + MAX_LENGTH + " characters");
        }
        try {
            var url = new URI(text);
            if (!url.isAbsolute() || url.isOpaque() || url.getHost() == null) {
                throw invalid("must be an absolute https URL with a host, e.g. https://example.com/notify");
            }
            return url;
        } catch (URISyntaxException e) {
            throw invalid("is not a valid URL: " + e.getReason());
        }
    }

    /** Addresses of the service's own machine or network, or of nobody in particular. */
    static boolean internal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()
                || BLOCKED.stream().anyMatch(range -> range.contains(address))) {
            return true;
        }
        var bytes = address.getAddress();
        var embedsIpv4 = address instanceof Inet6Address && (Arrays.equals(bytes, 0, 12, new byte[12], 0, 12) // ::a.b.c.d
                || Arrays.equals(bytes, 0, 12, NAT64, 0, 12));
        return embedsIpv4 && internal(ipv4(Arrays.copyOfRange(bytes, 12, 16)));
    }

    private static Inet4Address ipv4(byte[] bytes) {
        try {
            return (Inet4Address) InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }

    /** A host as written in a URL or in the allow-list: lower case, an IPv6 literal without its brackets. */
    private static String normalized(String host) {
        var lower = host.toLowerCase(Locale.ROOT);
        return lower.startsWith("[") && lower.endsWith("]") ? lower.substring(1, lower.length() - 1) : lower;
    }

    private static InvalidJobException invalid(String problem) {
        return new InvalidJobException("The callback URL " + problem, List.of(new FieldError(POINTER, problem)));
    }
}
