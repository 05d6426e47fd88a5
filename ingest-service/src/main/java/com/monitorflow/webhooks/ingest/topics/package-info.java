@NullMarked
package com.monitorflow.webhooks.ingest.topics;

import org.jspecify.annotations.NullMarked;
