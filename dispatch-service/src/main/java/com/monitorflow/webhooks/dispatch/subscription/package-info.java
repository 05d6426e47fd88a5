@NullMarked
package com.monitorflow.webhooks.dispatch.subscription;

import org.jspecify.annotations.NullMarked;
