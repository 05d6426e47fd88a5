@NullMarked
package com.monitorflow.webhooks.dispatch.signing;

import org.jspecify.annotations.NullMarked;
