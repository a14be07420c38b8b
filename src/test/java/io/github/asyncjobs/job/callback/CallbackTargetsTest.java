package io.github.asyncjobs.job.callback;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses count as the service's own network, IPv6 forms of IPv4 addresses included. */
class CallbackTargetsTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "10.1.2.3", "172.16.0.1", "192.168.0.1", "169.254.169.254", "0.0.0.0",
            "100.64.0.1", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fd00::1", "fc00::1", "ff02::1",
            "::ffff:10.0.0.1", "::10.0.0.1", "64:ff9b::a9fe:a9fe", "168.63.129.16", "192.0.0.170", "198.18.0.1",
            "198.19.255.254", "240.0.0.1", "250.1.2.3", "2002:808:808::1", "2002:a00:1::1", "64:ff9b:1::808:808"})
    void internalAddresses(String address) throws UnknownHostException {
        assertThat(CallbackTargets.internal(InetAddress.getByName(address))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "20.150.164.1", "100.128.0.1", "2001:db8::1", "2606:4700::1111", "64:ff9b::808:808",
            "168.63.129.17", "192.0.1.1", "198.17.255.255", "198.20.0.1", "223.255.255.254"})
    void publicAddresses(String address) throws UnknownHostException {
        assertThat(CallbackTargets.internal(InetAddress.getByName(address))).isFalse();
    }
}
