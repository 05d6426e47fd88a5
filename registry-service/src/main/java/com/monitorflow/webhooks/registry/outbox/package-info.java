@NullMarked
package com.monitorflow.webhooks.registry.outbox;

import org.jspecify.annotations.NullMarked;
