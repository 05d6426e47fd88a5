package com.monitorflow.webhooks.registry.dashboard;

import java.util.Map;

import com.monitorflow.webhooks.registry.webhook.Webhook;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every dashboard page shares: the form token for its forms, and pages (not JSON problems) for
 * refusals. An API key that stopped working ends the session.
 */
@ControllerAdvice(basePackageClasses = DashboardAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class DashboardAdvice {

    private static final Logger log = LoggerFactory.getLogger(DashboardAdvice.class);

    @ModelAttribute
    void common(HttpServletRequest request, Model model) {
        model.addAttribute("csrfToken", DashboardSession.formToken(request));
        model.addAttribute("csrfParameter", DashboardGuard.FORM_TOKEN_PARAMETER);
        model.addAttribute("signedIn", DashboardSession.apiKey(request) != null);
        model.addAttribute("categories", WebhookForm.CATEGORIES);
        model.addAttribute("nameMaxLength", Webhook.MAX_NAME_LENGTH);
        model.addAttribute("fieldErrors", Map.of());
    }

    @ExceptionHandler(ApiProblem.class)
    String onApiProblem(ApiProblem problem, HttpServletRequest request, HttpServletResponse response, Model model) {
        if (problem.status() == 401) {
            DashboardSession.signOut(request);
            return "redirect:/dashboard/sign-in?expired";
        }
        response.setStatus(problem.status());
        model.addAttribute("title", problem.title());
        model.addAttribute("detail", problem.detail());
        common(request, model);
        return "dashboard/problem";
    }

    @ExceptionHandler(Exception.class)
    String onUnexpected(Exception e, HttpServletRequest request, HttpServletResponse response, Model model) {
        log.error("A dashboard page failed", e);
        response.setStatus(500);
        model.addAttribute("title", "Something went wrong");
        model.addAttribute("detail", "The page could not be shown. Try again in a moment.");
        common(request, model);
        return "dashboard/problem";
    }
}
