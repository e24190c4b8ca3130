// Chapter links of an episode seek the player instead of following the link.
(function () {
    var audio = document.getElementById("episode-audio");
    if (!audio) { return; }
    document.querySelectorAll("[data-seek]").forEach(function (link) {
        link.addEventListener("click", function (event) {
            event.preventDefault();
            audio.currentTime = Number(link.dataset.seek);
            audio.play().catch(function () {});
        });
    });
})();
