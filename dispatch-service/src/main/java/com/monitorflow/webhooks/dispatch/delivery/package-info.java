@NullMarked
package com.monitorflow.webhooks.dispatch.delivery;

import org.jspecify.annotations.NullMarked;
