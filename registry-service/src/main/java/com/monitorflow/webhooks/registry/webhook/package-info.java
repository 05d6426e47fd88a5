@NullMarked
package com.monitorflow.webhooks.registry.webhook;

import org.jspecify.annotations.NullMarked;
