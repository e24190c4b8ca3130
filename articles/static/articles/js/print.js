// "Print" buttons of method sheets: shown only when JavaScript runs (progressive enhancement).
document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
});
