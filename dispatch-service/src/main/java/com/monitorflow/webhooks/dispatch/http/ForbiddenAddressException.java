package com.monitorflow.webhooks.dispatch.http;

import java.io.IOException;

/** A connection refused before it was opened, because the address is one no webhook may reach. */
public final class ForbiddenAddressException extends IOException {

    ForbiddenAddressException(String message) {
        super(message);
    }
}
