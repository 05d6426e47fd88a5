@NullMarked
package com.monitorflow.webhooks.ingest.metrics;

import org.jspecify.annotations.NullMarked;
