package com.monitorflow.webhooks.registry.api;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One page of a list.
 *
 * @param data the items of this page
 * @param nextCursor pass as {@code cursor} to get the next page; null on the last page
 */
public record Page<T>(List<T> data, @Nullable String nextCursor) {
}
