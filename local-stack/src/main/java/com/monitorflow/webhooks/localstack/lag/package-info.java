/** The {@code ./monitorflow lag} command: one line per consumer group, read from the registry. */
@NullMarked
package com.monitorflow.webhooks.localstack.lag;

import org.jspecify.annotations.NullMarked;
