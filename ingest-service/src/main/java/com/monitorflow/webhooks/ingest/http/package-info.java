@NullMarked
package com.monitorflow.webhooks.ingest.http;

import org.jspecify.annotations.NullMarked;
