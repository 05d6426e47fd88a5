package com.monitorflow.webhooks.localstack.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import com.monitorflow.webhooks.localstack.TestStack;
import com.monitorflow.webhooks.localstack.produce.EventSender;
import com.monitorflow.webhooks.localstack.receive.DeliveryReceiver;
import com.monitorflow.webhooks.localstack.receive.ReceivedDelivery;
import com.monitorflow.webhooks.localstack.stack.LocalStack;
import com.monitorflow.webhooks.localstack.stack.StackOptions;
import com.monitorflow.webhooks.model.Json;
import com.monitorflow.webhooks.model.TopicNames;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard in Debian's headless Chromium against the whole local stack: a customer on the
 * FREE plan signs in, creates a webhook and sees its secret once, meets the plan's limit, watches
 * an event's delivery arrive in the log, resends it, rotates the secret, deactivates and deletes
 * the webhook. Each page is saved as a screenshot, into {@code -Ddashboard.screenshots=<dir>}
 * (relative to the repository root) or {@code local-stack/target/dashboard-screenshots}.
 * Skipped when {@code /usr/bin/chromium} is not installed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration PAGE_WAIT = Duration.ofSeconds(20);
    private static final Duration DELIVERY_WAIT = Duration.ofSeconds(90);
    private static final int WIDTH = 1280;

    static LocalStack stack;
    static boolean ownStack;
    static DeliveryReceiver receiver;
    static WebDriver browser;
    static Path screenshots;
    static String accountId;
    static String apiKey;
    static String webhookUrl;
    static String firstSecret;
    static String deliveryId;

    @BeforeAll
    static void startStackAndBrowser() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium and its driver are not installed (apt-get install chromium chromium-driver)");
        stack = startStack();
        receiver = DeliveryReceiver.start(0, "not-yet-known");
        screenshots = screenshotDirectory();

        JsonNode account = admin("/v1/accounts", Map.of("name", "Acme Shop", "plan", "FREE"));
        accountId = account.get("id").asString();
        apiKey = account.get("apiKey").asString();
        webhookUrl = receiver.url("/webhook");
        browser = startChromium();
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (receiver != null) {
            receiver.close();
        }
        if (ownStack && stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void signsInWithTheAccountApiKey() throws IOException {
        browser.get(stack.registryUrl() + "/dashboard");

        assertThat(browser.getCurrentUrl()).endsWith("/dashboard/sign-in");
        snap("sign-in");
        browser.findElement(By.id("apiKey")).sendKeys(apiKey);
        browser.findElement(By.cssSelector("main form button[type=submit]")).click();

        awaitPage(() -> heading().equals("Webhooks"));
        assertThat(browser.getCurrentUrl()).doesNotContain(apiKey);
        assertThat(browser.manage().getCookieNamed("MONITORFLOW_DASHBOARD").isHttpOnly()).isTrue();
        assertThat(text("main")).contains("Plan: FREE").contains("No webhooks yet");
    }

    @Test
    @Order(2)
    void createWebhookShowsTheApisReasonsNextToTheFieldsThenTheSecretOnce() throws IOException {
        browser.findElement(By.linkText("Create Webhook")).click();
        awaitPage(() -> heading().equals("Create Webhook"));
        browser.findElement(By.id("url")).sendKeys("ftp://example.com/hook");
        submit();
        awaitPage(() -> !browser.findElements(By.id("url-error")).isEmpty());

        assertThat(text("#name-error")).startsWith("Name");
        assertThat(text("#url-error")).startsWith("URL must use");
        assertThat(text("#categories-error")).startsWith("Event categories");
        snap("create-webhook-errors");

        fillWebhookForm("Order notifications", webhookUrl, List.of("sale", "sqs"),
                "Sales and queue events for the shop backend");
        snap("create-webhook");
        submit();

        awaitPage(() -> heading().equals("Order notifications"));
        firstSecret = browser.findElement(By.id("secret-value")).getDomAttribute("value");
        assertThat(firstSecret).isNotBlank();
        assertThat(text(".secret")).contains("it will not be shown again");
        assertThat(browser.findElements(By.cssSelector("[data-copy=secret-value]"))).hasSize(1);
        receiver.useSecret(firstSecret);
        snap("webhook-created-secret");

        browser.navigate().refresh();
        assertThat(browser.findElements(By.id("secret-value"))).isEmpty();
        assertThat(browser.getPageSource()).doesNotContain(firstSecret);
    }

    @Test
    @Order(3)
    void theFreePlansLimitIsShownWithTheUpgradeHint() throws IOException {
        browser.findElement(By.linkText("Webhooks")).click();
        awaitPage(() -> heading().equals("Webhooks"));
        assertThat(text("#upgrade-hint")).contains("Upgrade to the Pro plan");
        assertThat(text("table.webhooks")).contains("Order notifications").contains(webhookUrl)
                .contains("sqs").contains("sale").contains("ACTIVE");
        snap("webhooks");
        snapNarrow("webhooks-narrow");

        browser.findElement(By.linkText("Create Webhook")).click();
        awaitPage(() -> heading().equals("Create Webhook"));
        fillWebhookForm("Second webhook", webhookUrl, List.of("question"), "");
        submit();

        awaitPage(() -> !browser.findElements(By.id("plan-limit")).isEmpty());
        assertThat(text("#plan-limit")).contains("FREE plan allows 1 webhook").contains("Upgrade to the Pro plan");
        snap("create-webhook-plan-limit");
    }

    @Test
    @Order(4)
    void anEventsDeliveryAppearsInTheLog() throws Exception {
        byte[] event = EventSender.inboundEvent(accountId, "sale.created",
                "{\"orderId\":\"ord_1001\",\"amount\":\"49.90\",\"currency\":\"EUR\"}");
        try (var sender = new EventSender(stack.bootstrapServers(), TopicNames.defaults().inbound(), System.out)) {
            // The new webhook reaches dispatch through the changelog; send until the first delivery arrives.
            await().atMost(DELIVERY_WAIT).pollInterval(Duration.ofSeconds(2)).until(() -> {
                sender.write(accountId, event);
                return !succeeded().isEmpty();
            });
        }
        deliveryId = succeeded().getFirst().header("X-MonitorFlow-Delivery");
        openDetails();

        await().atMost(DELIVERY_WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
            browser.navigate().refresh();
            return !attemptsOf(deliveryId).isEmpty();
        });
        WebElement attempt = attemptsOf(deliveryId).getFirst();
        attempt.findElement(By.tagName("summary")).click();

        assertThat(attempt.getText()).contains("SUCCEEDED").contains("HTTP 200").contains("sale.created")
                .contains("Duration").contains(deliveryId);
        snap("webhook-delivery-log");
    }

    @Test
    @Order(5)
    void aDeliveryIsResentFromTheLog() throws IOException {
        int arrivedBefore = deliveriesOf(deliveryId).size();
        int attemptsBefore = attemptsOf(deliveryId).size();
        WebElement attempt = attemptsOf(deliveryId).getFirst();
        if (attempt.findElement(By.tagName("details")).getDomAttribute("open") == null) {
            attempt.findElement(By.tagName("summary")).click();
        }

        attempt.findElement(By.xpath(".//button[normalize-space()='Resend delivery']")).click();

        awaitPage(() -> text(".notice").contains("queued"));
        assertThat(text(".notice")).contains(deliveryId).contains("queued");
        snap("webhook-delivery-resent");
        await().atMost(DELIVERY_WAIT).until(() -> deliveriesOf(deliveryId).size() > arrivedBefore);
        await().atMost(DELIVERY_WAIT).pollInterval(Duration.ofSeconds(1)).until(() -> {
            browser.navigate().refresh();
            return attemptsOf(deliveryId).size() > attemptsBefore;
        });
        assertThat(deliveriesOf(deliveryId)).allMatch(ReceivedDelivery::signatureValid);
    }

    @Test
    @Order(6)
    void theSecretIsRotatedAfterAConfirmationAndShownOnce() throws IOException {
        browser.findElement(By.linkText("Rotate secret")).click();
        awaitPage(() -> heading().startsWith("Rotate the secret"));
        snap("rotate-secret-confirm");

        browser.findElement(By.xpath("//main//button[normalize-space()='Rotate secret']")).click();

        awaitPage(() -> !browser.findElements(By.id("secret-value")).isEmpty());
        String rotated = browser.findElement(By.id("secret-value")).getDomAttribute("value");
        assertThat(rotated).isNotBlank().isNotEqualTo(firstSecret);
        snap("rotate-secret-shown");
        browser.navigate().refresh();
        assertThat(browser.findElements(By.id("secret-value"))).isEmpty();
    }

    @Test
    @Order(7)
    void theWebhookIsDeactivatedAndActivatedAgain() throws IOException {
        browser.findElement(By.xpath("//button[normalize-space()='Deactivate']")).click();

        awaitPage(() -> text("#webhook-status").equals("INACTIVE"));
        assertThat(text("#webhook-status")).isEqualTo("INACTIVE");
        assertThat(text(".notice")).contains("deactivated");
        snap("webhook-deactivated");

        browser.findElement(By.xpath("//button[normalize-space()='Activate']")).click();
        awaitPage(() -> text("#webhook-status").equals("ACTIVE"));
    }

    @Test
    @Order(8)
    void theWebhookIsDeletedAfterAConfirmation() throws IOException {
        browser.findElement(By.xpath("//main//a[normalize-space()='Delete']")).click();
        awaitPage(() -> heading().equals("Delete Order notifications?"));
        snap("delete-webhook-confirm");

        browser.findElement(By.xpath("//main//button[normalize-space()='Delete webhook']")).click();

        awaitPage(() -> heading().equals("Webhooks"));
        assertThat(text(".notice")).contains("deleted");
        assertThat(text("main")).contains("No webhooks yet").doesNotContain("#upgrade-hint");
        assertThat(browser.findElements(By.id("upgrade-hint"))).isEmpty();
        snap("webhook-deleted");
    }

    @Test
    @Order(9)
    void signingOutEndsTheSession() {
        browser.findElement(By.xpath("//button[normalize-space()='Sign out']")).click();

        awaitPage(() -> heading().equals("Sign in"));
        browser.get(stack.registryUrl() + "/dashboard/webhooks");
        assertThat(browser.getCurrentUrl()).endsWith("/dashboard/sign-in");
    }

    private static void openDetails() {
        browser.get(stack.registryUrl() + "/dashboard/webhooks");
        browser.findElement(By.linkText("Order notifications")).click();
        awaitPage(() -> heading().equals("Order notifications"));
    }

    /** Waits until the page a click led to is loaded and shows what {@code shown} looks for. */
    private static void awaitPage(Callable<Boolean> shown) {
        await().atMost(PAGE_WAIT).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(shown);
    }

    private static void fillWebhookForm(String name, String url, List<String> categories, String description) {
        replace(By.id("name"), name);
        replace(By.id("url"), url);
        for (String category : List.of("sqs", "sale", "question")) {
            WebElement box = browser.findElement(By.id("category-" + category));
            if (box.isSelected() != categories.contains(category)) {
                box.click();
            }
        }
        replace(By.id("description"), description);
    }

    private static void replace(By field, String value) {
        WebElement input = browser.findElement(field);
        input.clear();
        input.sendKeys(value);
    }

    private static void submit() {
        browser.findElement(By.cssSelector("main form.card button[type=submit]")).click();
    }

    private static String heading() {
        return text("h1");
    }

    private static String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText().strip();
    }

    private static List<WebElement> attemptsOf(String delivery) {
        return browser.findElements(By.cssSelector("ol.attempts li[data-delivery-id='" + delivery + "']"));
    }

    private static List<ReceivedDelivery> succeeded() {
        return receiver.received().stream().filter(d -> d.answeredStatus() == 200).toList();
    }

    private static List<ReceivedDelivery> deliveriesOf(String delivery) {
        return receiver.received().stream()
                .filter(d -> delivery.equals(d.header("X-MonitorFlow-Delivery")))
                .toList();
    }

    /** Saves the whole page, not only the visible part, by growing the window to the page's height. */
    private static void snap(String name) throws IOException {
        var script = (JavascriptExecutor) browser;
        script.executeScript("window.scrollTo(0, 0)");
        long height = ((Number) script.executeScript("return document.documentElement.scrollHeight")).longValue();
        // The window is taller than its viewport by the browser's own frame; leave room for it.
        browser.manage().window().setSize(new Dimension(WIDTH, (int) Math.min(Math.max(height + 120, 700), 4000)));
        Files.write(screenshots.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        browser.manage().window().setSize(new Dimension(WIDTH, 900));
    }

    private static void snapNarrow(String name) throws IOException {
        browser.manage().window().setSize(new Dimension(390, 844));
        var script = (JavascriptExecutor) browser;
        script.executeScript("window.scrollTo(0, 0)");
        long height = ((Number) script.executeScript("return document.documentElement.scrollHeight")).longValue();
        browser.manage().window().setSize(new Dimension(390, (int) Math.min(Math.max(height + 120, 844), 4000)));
        Files.write(screenshots.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        browser.manage().window().setSize(new Dimension(WIDTH, 900));
    }

    /**
     * The stack every test class of this module shares, or, with {@code -Ddashboard.stack-home=<dir>},
     * a stack of its own that runs the service jars found under that directory (a copy of the
     * repository's {@code <service>/target} folders), so that the walk-through can be run while the
     * repository's jars are being rebuilt.
     */
    private static LocalStack startStack() throws IOException, InterruptedException {
        String home = System.getProperty("dashboard.stack-home");
        if (home == null || home.isBlank()) {
            return TestStack.get();
        }
        ownStack = true;
        return LocalStack.start(StackOptions.defaults(Path.of(home))
                .withDataDir(Files.createTempDirectory("monitorflow-dashboard-stack"))
                .withPorts(TestStack.freePort(), TestStack.freePort(), TestStack.freePort(), TestStack.freePort(),
                        TestStack.freePort(), TestStack.freePort(), TestStack.freePort())
                // The services only serve this walk-through: the quick JIT tier starts them faster.
                .withExtraEnvironment(Map.of("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")));
    }

    private static Path screenshotDirectory() throws IOException {
        String configured = System.getProperty("dashboard.screenshots");
        Path dir = configured == null || configured.isBlank()
                ? Path.of("target/dashboard-screenshots").toAbsolutePath()
                : TestStack.REPOSITORY.resolve(configured);
        return Files.createDirectories(dir);
    }

    /** Debian's Chromium and driver, named explicitly so that nothing is looked up or downloaded. */
    private static WebDriver startChromium() throws IOException {
        Path profile = Files.createTempDirectory("dashboard-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--hide-scrollbars", "--window-size=" + WIDTH + ",900",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(PAGE_WAIT);
        return driver;
    }

    private static JsonNode admin(String path, Map<String, ?> body) throws IOException {
        Request request = new Request.Builder()
                .url(stack.registryUrl() + path)
                .header("Authorization", "Bearer " + stack.adminKey())
                .post(RequestBody.create(Json.mapper().writeValueAsBytes(body), MediaType.get("application/json")))
                .build();
        try (Response response = new OkHttpClient().newCall(request).execute()) {
            String text = response.body().string();
            assertThat(response.code()).as("POST %s: %s", path, text).isEqualTo(201);
            return Json.mapper().readTree(text);
        }
    }
}
