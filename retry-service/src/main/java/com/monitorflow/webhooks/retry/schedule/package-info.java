/**
 * The back-off schedule: one delay per retry step, a small deterministic jitter, and the due
 * time of a failed delivery derived only from what its record carries.
 */
@NullMarked
package com.monitorflow.webhooks.retry.schedule;

import org.jspecify.annotations.NullMarked;
