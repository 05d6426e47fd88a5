package com.monitorflow.webhooks.registry.account;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import com.monitorflow.webhooks.model.Ids;
import com.monitorflow.webhooks.registry.api.ApiException;
import com.monitorflow.webhooks.registry.api.ApiKeys;
import com.monitorflow.webhooks.registry.api.FieldProblem;
import com.monitorflow.webhooks.registry.api.InvalidRequestException;
import com.monitorflow.webhooks.registry.api.TextFieldRules;
import com.monitorflow.webhooks.registry.plan.Plan;
import com.monitorflow.webhooks.registry.plan.PlanLimitPolicy;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates accounts with their API key and changes their plans within the plan limits. */
@Service
class AccountService {

    private static final Logger log = LoggerFactory.getLogger(AccountService.class);
    private static final int MAX_NAME_LENGTH = 200;

    private final AccountRepository accounts;
    private final PlanLimitPolicy planLimits;
    private final Clock clock;

    AccountService(AccountRepository accounts, PlanLimitPolicy planLimits, Clock clock) {
        this.accounts = accounts;
        this.planLimits = planLimits;
        this.clock = clock;
    }

    @Transactional
    AccountResponse create(AccountRequests.Create request) {
        List<FieldProblem> problems = new ArrayList<>();
        String name = checkName(request.name(), true, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        Instant now = now();
        Account account = new Account(Ids.newAccountId(clock), name, request.plan() == null ? Plan.FREE : request.plan(),
                now, now);
        String apiKey = ApiKeys.generate();

        accounts.insert(account, ApiKeys.hash(apiKey));

        log.info("Account {} created on plan {}", account.id(), account.plan());
        return AccountResponse.of(account, 0, apiKey);
    }

    @Transactional(readOnly = true)
    AccountResponse get(String id) {
        Account account = accounts.find(id).orElseThrow(() -> ApiException.notFound("account", id));
        return AccountResponse.of(account, accounts.countWebhooks(id), null);
    }

    @Transactional
    AccountResponse update(String id, AccountRequests.Update request) {
        List<FieldProblem> problems = new ArrayList<>();
        String name = checkName(request.name(), false, problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequestException(problems);
        }
        Account current = accounts.lock(id).orElseThrow(() -> ApiException.notFound("account", id));
        int webhookCount = accounts.countWebhooks(id);
        Plan plan = request.plan() == null ? current.plan() : request.plan();
        if (plan != current.plan()) {
            planLimits.checkCanMoveTo(plan, webhookCount);
        }

        String newName = name == null ? current.name() : name;
        if (newName.equals(current.name()) && plan == current.plan()) {
            // Nothing changes, so nothing is written and updatedAt keeps telling the last real change.
            return AccountResponse.of(current, webhookCount, null);
        }

        Account updated = new Account(id, newName, plan, current.createdAt(), now());
        accounts.update(updated);

        if (plan != current.plan()) {
            log.info("Account {} moved from plan {} to {}", id, current.plan(), plan);
        }
        return AccountResponse.of(updated, webhookCount, null);
    }

    private static @Nullable String checkName(@Nullable String name, boolean required, List<FieldProblem> problems) {
        if (name == null) {
            if (required) {
                problems.add(new FieldProblem("name", "is required"));
            }
            return null;
        }
        String stripped = name.strip();
        if (stripped.isEmpty()) {
            problems.add(new FieldProblem("name", "must not be blank"));
        } else if (stripped.length() > MAX_NAME_LENGTH) {
            problems.add(new FieldProblem("name", "must be at most " + MAX_NAME_LENGTH + " characters"));
        } else {
            TextFieldRules.nameProblem(stripped).ifPresent(reason -> problems.add(new FieldProblem("name", reason)));
        }
        return stripped;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
