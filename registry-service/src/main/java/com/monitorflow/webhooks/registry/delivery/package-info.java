@NullMarked
package com.monitorflow.webhooks.registry.delivery;

import org.jspecify.annotations.NullMarked;
