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

  // A clicked quote's card floats next to it, always inside the viewport (the sticky
  // sidebar can be taller than the window, so a card there may be out of sight).
  function placeCard(piece) {
    var panel = document.getElementById("card-panel");
    if (!panel || !piece) { return; }
    panel.classList.add("floating");
    var margin = 8;
    var rect = piece.getBoundingClientRect();
    var width = Math.min(360, window.innerWidth - 2 * margin);
    panel.style.width = width + "px";
    panel.style.maxHeight = (window.innerHeight - 2 * margin) + "px";
    var left = Math.max(margin, Math.min(rect.left, window.innerWidth - width - margin));
    var height = panel.offsetHeight;
    var top = rect.bottom + 6;
    if (top + height > window.innerHeight - margin) { top = rect.top - height - 6; }
    top = Math.max(margin, Math.min(top, window.innerHeight - height - margin));
    panel.style.left = left + "px";
    panel.style.top = top + "px";
  }

  function unpin() {
    var panel = document.getElementById("card-panel");
    if (panel) {
      panel.classList.remove("floating");
      panel.style.left = panel.style.top = panel.style.width = panel.style.maxHeight = "";
    }
    document.body.removeAttribute("data-pinned");
  }

  document.addEventListener("click", function (event) {
    var piece = highlightFrom(event);
    if (piece) {
      showCard(piece.getAttribute("data-source"), true);
      placeCard(piece);
      return;
    }
    var panel = document.getElementById("card-panel");
    if (panel && panel.classList.contains("floating") && !panel.contains(event.target)) {
      unpin();
    }
  });
  window.addEventListener("scroll", function () {
    var panel = document.getElementById("card-panel");
    if (panel && panel.classList.contains("floating")) { unpin(); }
  }, { passive: true });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { unpin(); return; }
    if (event.key !== "Enter" && event.key !== " ") { return; }
    var piece = highlightFrom(event);
    if (piece) {
      event.preventDefault();
      showCard(piece.getAttribute("data-source"), true);
      placeCard(piece);
    }
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

  // Highlight layers: each legend checkbox switches one layer; the choice is kept.
  var STORE = "claimledger-layers-off";
  function layersOff() {
    try { return JSON.parse(window.localStorage.getItem(STORE) || "[]"); } catch (e) { return []; }
  }
  var text = document.getElementById("article-text");
  var boxes = document.querySelectorAll("input[data-layer]");
  function applyLayers() {
    var off = layersOff();
    for (var i = 0; i < boxes.length; i++) {
      var layer = boxes[i].getAttribute("data-layer");
      boxes[i].checked = off.indexOf(layer) < 0;
      if (text) { text.classList.toggle("off-" + layer, off.indexOf(layer) >= 0); }
    }
  }
  for (var l = 0; l < boxes.length; l++) {
    boxes[l].addEventListener("change", function (event) {
      var layer = event.target.getAttribute("data-layer");
      var off = layersOff().filter(function (x) { return x !== layer; });
      if (!event.target.checked) { off.push(layer); }
      try { window.localStorage.setItem(STORE, JSON.stringify(off)); } catch (e) { /* private mode */ }
      applyLayers();
    });
  }
  applyLayers();

  // Jump from a table row to its place in the text.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.jump[data-jump]") : null;
    if (!link) { return; }
    var at = parseInt(link.getAttribute("data-jump"), 10);
    var best = null;
    var pieces = document.querySelectorAll("#article-text .hl[data-at]");
    for (var i = 0; i < pieces.length; i++) {
      if (parseInt(pieces[i].getAttribute("data-at"), 10) <= at) { best = pieces[i]; } else { break; }
    }
    if (!best) { return; }
    event.preventDefault();
    best.scrollIntoView({ block: "center" });
    best.classList.add("flash");
    window.setTimeout(function () { best.classList.remove("flash"); }, 1600);
  });

  // Tables of an analysis sort by a click on a column heading (numbers as numbers).
  function cellValue(row, index) {
    var cell = row.children[index];
    var raw = cell ? cell.textContent.trim() : "";
    var number = parseFloat(raw.replace(/,/g, ""));
    return isNaN(number) || !/^[-\d.,%\s]+$/.test(raw) ? raw.toLowerCase() : number;
  }
  var heads = document.querySelectorAll("section.block table thead th");
  for (var h = 0; h < heads.length; h++) {
    heads[h].classList.add("sortable");
    heads[h].setAttribute("tabindex", "0");
    heads[h].addEventListener("click", function (event) {
      var th = event.currentTarget;
      var table = th.closest("table");
      var index = Array.prototype.indexOf.call(th.parentNode.children, th);
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      var siblings = th.parentNode.children;
      for (var i = 0; i < siblings.length; i++) { siblings[i].removeAttribute("aria-sort"); }
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var body = table.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = cellValue(a, index), y = cellValue(b, index);
        var order = typeof x === typeof y ? (x < y ? -1 : x > y ? 1 : 0) :
          (typeof x === "number" ? -1 : 1);
        return ascending ? order : -order;
      });
      for (var r = 0; r < rows.length; r++) { body.appendChild(rows[r]); }
    });
  }

  // Long texts: an estimate of the analysis time with a running progress bar.
  var WORDS_PER_SECOND = 2000;  // measured: ~17k words in ~8 s on one core
  var analyseForms = document.querySelectorAll("form.analyse[data-busy]");
  for (var g = 0; g < analyseForms.length; g++) {
    analyseForms[g].addEventListener("submit", function (event) {
      var form = event.target;
      var area = form.querySelector("textarea[name=text], input[name=text]");
      var words = area && area.value ? area.value.split(/\s+/).length : 0;
      var file = form.querySelector("input[type=file]");
      if (file && file.files && file.files.length) { words = Math.max(words, file.files[0].size / 7); }
      var status = document.getElementById("analyse-progress");
      if (!status) { return; }
      var bar = status.querySelector("progress");
      var label = status.querySelector("span");
      var expected = Math.max(1, words / WORDS_PER_SECOND);
      var started = Date.now();
      status.hidden = false;
      function tick() {
        var seconds = (Date.now() - started) / 1000;
        bar.value = Math.min(0.95, seconds / expected);
        label.textContent = "Analysing about " + Math.round(words).toLocaleString("en") +
          " words: " + Math.round(seconds) + " s of about " + Math.ceil(expected) + " s";
      }
      tick();
      window.setInterval(tick, 500);
    });
  }
})();
