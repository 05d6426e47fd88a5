/** What the retry service tells operators: waiting records, their age, dead letters, forwards. */
@NullMarked
package com.monitorflow.webhooks.retry.metrics;

import org.jspecify.annotations.NullMarked;
