/**
 * The customer dashboard under {@code /dashboard}: server-rendered pages that sign in with an
 * account API key and work through the registry's own REST API, so they see exactly what an API
 * client sees.
 */
@NullMarked
package com.monitorflow.webhooks.registry.dashboard;

import org.jspecify.annotations.NullMarked;
