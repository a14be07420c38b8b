package io.github.asyncjobs.job.callback;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
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
 * when a job is accepted and again before each attempt, since what a name resolves to can change (DNS rebinding).
 */
@ApplicationScoped
public class CallbackTargets {

    static final String POINTER = "/callback/url";
    private static final int MAX_LENGTH = 2048;
    /** The well-known NAT64 prefix, 64:ff9b::/96, under which an IPv6 address stands for an IPv4 one. */
    private static final byte[] NAT64 = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};

    private final Set<String> allowedHosts;
    private final HostResolver resolver;

    public CallbackTargets(JobsConfig config, HostResolver resolver) {
        this.resolver = resolver;
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
        problem(url, true).ifPresent(problem -> {
            throw invalid(problem);
        });
        return new JobCallback(url, request.baseUrl());
    }

    /** Why {@code url} may not be called now (its host resolves to an address callbacks may not reach), if so. */
    Optional<String> refusal(URI url) {
        return problem(url, false);
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

    /** @param accepting whether the job is being accepted, when a host that cannot be resolved is the caller's mistake */
    private Optional<String> problem(URI url, boolean accepting) {
        var scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Optional.of("must be an https URL");
        }
        if (url.getRawUserInfo() != null) {
            return Optional.of("must not contain user information (user:password@)");
        }
        var host = normalized(url.getHost());
        if (allowedHosts.contains(host)) {
            return Optional.empty();
        }
        if (scheme.equals("http")) {
            return Optional.of("must be an https URL (plain http only to hosts in jobs.callbacks.allowed-hosts)");
        }
        try {
            if (Arrays.stream(resolver.addresses(host)).anyMatch(CallbackTargets::internal)) {
                return Optional.of("must not lead to a loopback, link-local, private or multicast address");
            }
            return Optional.empty();
        } catch (UnknownHostException e) {
            // At delivery, a name that does not resolve is a failed attempt like a refused connection: tried again.
            return accepting ? Optional.of("names a host that cannot be resolved") : Optional.empty();
        }
    }

    /** Addresses of the service's own machine or network, or of nobody in particular. */
    static boolean internal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        var bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            if ((bytes[0] & 0xfe) == 0xfc) {
                return true; // unique local, fc00::/7
            }
            var embedsIpv4 = Arrays.equals(bytes, 0, 12, new byte[12], 0, 12) // IPv4-compatible, ::a.b.c.d
                    || Arrays.equals(bytes, 0, 12, NAT64, 0, 12);
            return embedsIpv4 && internal(ipv4(Arrays.copyOfRange(bytes, 12, 16)));
        }
        int first = bytes[0] & 0xff;
        return first == 0 // "this network", 0.0.0.0/8
                || (first == 100 && (bytes[1] & 0xc0) == 64) // shared address space (carrier-grade NAT), 100.64.0.0/10
                || (first == 255 && (bytes[1] & bytes[2] & bytes[3] & 0xff) == 0xff); // broadcast
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
