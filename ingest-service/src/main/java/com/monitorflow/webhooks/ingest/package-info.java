@NullMarked
package com.monitorflow.webhooks.ingest;

import org.jspecify.annotations.NullMarked;
