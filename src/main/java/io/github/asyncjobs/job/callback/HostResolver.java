package io.github.asyncjobs.job.callback;

import java.net.InetAddress;
import java.net.UnknownHostException;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;

/**
 * What a callback host resolves to, asked before every attempt ({@link CallbackTargets}): the system's resolver. A bean
 * of its own so that a test can make a name resolve to another address between two attempts, as DNS rebinding does.
 */
@DefaultBean
@ApplicationScoped
public class HostResolver {

    /** @throws UnknownHostException when the name resolves to nothing (now) */
    public InetAddress[] addresses(String host) throws UnknownHostException {
        return InetAddress.getAllByName(host);
    }
}
