package io.github.asyncjobs.job.callback;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/** An IPv4 or IPv6 network in CIDR notation ({@code 198.18.0.0/15}, {@code 2002::/16}). */
record AddressRange(byte[] network, int bits) {

    static List<AddressRange> of(String... cidrs) {
        return Arrays.stream(cidrs).map(AddressRange::parse).toList();
    }

    static AddressRange parse(String cidr) {
        int slash = cidr.indexOf('/');
        try {
            // Only literals reach here: getByName does not look them up.
            return new AddressRange(InetAddress.getByName(cidr.substring(0, slash)).getAddress(),
                    Integer.parseInt(cidr.substring(slash + 1)));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Not a CIDR range: " + cidr, e);
        }
    }

    boolean contains(InetAddress address) {
        var bytes = address.getAddress();
        if (bytes.length != network.length) {
            return false;
        }
        int whole = bits / 8;
        if (!Arrays.equals(bytes, 0, whole, network, 0, whole)) {
            return false;
        }
        int rest = bits % 8;
        int mask = (0xff << (8 - rest)) & 0xff;
        return rest == 0 || (bytes[whole] & mask) == (network[whole] & mask);
    }
}
