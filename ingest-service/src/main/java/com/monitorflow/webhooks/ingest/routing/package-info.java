@NullMarked
package com.monitorflow.webhooks.ingest.routing;

import org.jspecify.annotations.NullMarked;
