@NullMarked
package com.monitorflow.webhooks.ingest.validation;

import org.jspecify.annotations.NullMarked;
