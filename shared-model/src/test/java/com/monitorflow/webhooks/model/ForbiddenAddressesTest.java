package com.monitorflow.webhooks.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ForbiddenAddressesTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
        "0.0.0.0", "100.64.0.1", "224.0.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fd00:ec2::254",
        "::ffff:127.0.0.1", "::ffff:169.254.169.254", "64:ff9b::a9fe:a9fe", "2002:7f00:1::", "ff02::1",
        "192.0.2.10", "198.51.100.7", "203.0.113.200", "2001:db8::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2"})
    void refusesAddressesThatAreNotPublicUnicast(String literal) throws Exception {
        assertThat(ForbiddenAddresses.reasonToRefuse(InetAddress.getByName(literal))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8", "192.0.3.1",
        "203.0.114.1", "2001:4860:4860::8888"})
    void acceptsPublicAddresses(String literal) throws Exception {
        assertThat(ForbiddenAddresses.reasonToRefuse(InetAddress.getByName(literal))).isEmpty();
    }
}
