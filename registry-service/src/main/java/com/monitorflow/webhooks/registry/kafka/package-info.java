@NullMarked
package com.monitorflow.webhooks.registry.kafka;

import org.jspecify.annotations.NullMarked;
