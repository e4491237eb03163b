// claimledger: the one script of the web app (served as /static/app.js) and of the
// standalone report (inlined). No inline handlers: everything is wired up here.
(function () {
  "use strict";

  function cardFor(sourceId) {
    var cards = document.querySelectorAll("[data-card]");
    for (var i = 0; i < cards.length; i++) {
      if (cards[i].getAttribute("data-card") === sourceId) { return cards[i]; }
    }
    return null;
  }

  function showCard(sourceId, pinned) {
    var card = cardFor(sourceId);
    if (!card) { return; }
    var all = document.querySelectorAll("[data-card]");
    for (var i = 0; i < all.length; i++) { all[i].hidden = true; }
    card.hidden = false;
    var hint = document.getElementById("card-hint");
    if (hint) { hint.hidden = true; }
    var marked = document.querySelectorAll(".hl.selected");
    for (var j = 0; j < marked.length; j++) { marked[j].classList.remove("selected"); }
    var pieces = document.querySelectorAll(".hl[data-source]");
    for (var k = 0; k < pieces.length; k++) {
      if (pieces[k].getAttribute("data-source") === sourceId) {
        pieces[k].classList.add("selected");
      }
    }
    if (pinned) { document.body.setAttribute("data-pinned", sourceId); }
  }

  function highlightFrom(event) {
    var node = event.target;
    while (node && node !== document) {
      if (node.classList && node.classList.contains("hl") && node.hasAttribute("data-source")) {
        return node;
      }
      node = node.parentNode;
    }
    return null;
  }

  document.addEventListener("click", function (event) {
    var piece = highlightFrom(event);
    if (piece) { showCard(piece.getAttribute("data-source"), true); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") { return; }
    var piece = highlightFrom(event);
    if (piece) { event.preventDefault(); showCard(piece.getAttribute("data-source"), true); }
  });
  document.addEventListener("mouseover", function (event) {
    var piece = highlightFrom(event);
    if (piece && !document.body.hasAttribute("data-pinned")) {
      showCard(piece.getAttribute("data-source"), false);
    }
  });

  // The analyse form: show the chosen file's name, and disable the button while posting.
  var forms = document.querySelectorAll("form[data-busy]");
  for (var f = 0; f < forms.length; f++) {
    forms[f].addEventListener("submit", function (event) {
      var buttons = event.target.querySelectorAll("button");
      for (var b = 0; b < buttons.length; b++) { buttons[b].setAttribute("aria-busy", "true"); }
    });
  }
})();
