@NullMarked
package com.monitorflow.webhooks.registry.api;

import org.jspecify.annotations.NullMarked;
