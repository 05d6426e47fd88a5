@NullMarked
package com.monitorflow.webhooks.retry;

import org.jspecify.annotations.NullMarked;
