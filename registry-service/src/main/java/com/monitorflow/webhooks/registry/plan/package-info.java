@NullMarked
package com.monitorflow.webhooks.registry.plan;

import org.jspecify.annotations.NullMarked;
