@NullMarked
package com.monitorflow.webhooks.registry;

import org.jspecify.annotations.NullMarked;
