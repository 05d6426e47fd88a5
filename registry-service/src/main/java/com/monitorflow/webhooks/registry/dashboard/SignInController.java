package com.monitorflow.webhooks.registry.dashboard;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Sign in with an account API key and sign out. The key stays in the server-side session. */
@Controller
class SignInController {

    private static final Logger log = LoggerFactory.getLogger(SignInController.class);

    private final RegistryApi api;

    SignInController(RegistryApi api) {
        this.api = api;
    }

    @GetMapping("/dashboard")
    String home() {
        return "redirect:/dashboard/webhooks";
    }

    @GetMapping("/dashboard/sign-in")
    String signInPage(HttpServletRequest request, Model model) {
        if (DashboardSession.apiKey(request) != null) {
            return "redirect:/dashboard/webhooks";
        }
        if (request.getParameter("expired") != null) {
            model.addAttribute("error", "Your session ended or the API key is no longer valid. Sign in again.");
        }
        return "dashboard/sign-in";
    }

    @PostMapping("/dashboard/sign-in")
    String signIn(@RequestParam(defaultValue = "") String apiKey, HttpServletRequest request, Model model) {
        String key = apiKey.strip();
        if (key.isEmpty()) {
            model.addAttribute("error", "Enter your account API key.");
            return "dashboard/sign-in";
        }
        try {
            api.listWebhooks(key, null, 1);
        } catch (ApiProblem problem) {
            model.addAttribute("error", problem.status() == 401
                    ? "This API key is not valid. Check it and try again."
                    : problem.detail());
            return "dashboard/sign-in";
        }

        DashboardSession.signIn(request, key);
        log.info("Dashboard session started");
        return "redirect:/dashboard/webhooks";
    }

    @PostMapping("/dashboard/sign-out")
    String signOut(HttpServletRequest request) {
        DashboardSession.signOut(request);
        return "redirect:/dashboard/sign-in";
    }
}
