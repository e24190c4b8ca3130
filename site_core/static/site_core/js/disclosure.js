/* Filter panels in <details data-open-wide>: open on a wide screen, left as the reader chose
   on a phone. Without JavaScript the <details> still opens and closes by itself. */
(function () {
    var wide = window.matchMedia("(min-width: 50rem)");
    function apply() {
        document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
            if (wide.matches) { details.open = true; }
        });
    }
    apply();
    wide.addEventListener("change", apply);
}());
