package com.monitorflow.webhooks.registry.lag;

/** The brokers did not answer the lag queries in time, or refused them. */
public final class LagUnavailableException extends RuntimeException {

    LagUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
