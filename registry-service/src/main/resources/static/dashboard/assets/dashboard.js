// Copy buttons: <button data-copy="input-id"> copies that input's value to the clipboard.
document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) {
        return;
    }
    var input = document.getElementById(button.getAttribute("data-copy"));
    var status = button.parentElement.querySelector(".copied");
    function done(text) {
        if (status) {
            status.textContent = text;
        }
    }
    input.select();
    if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(input.value).then(function () { done("Copied"); },
            function () { done("Press Ctrl+C to copy"); });
    } else {
        done(document.execCommand("copy") ? "Copied" : "Press Ctrl+C to copy");
    }
});
