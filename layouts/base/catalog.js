// Catalogue filters (kind, topic, language, words): an enhancement of dist/index.html, which lists every
// handout without this script. The filters live in the address (?topic=...) so a filtered view can be shared.
(function () {
  "use strict";
  var form = document.getElementById("catalog-filters");
  var status = document.getElementById("catalog-status");
  var list = document.getElementById("catalog-list");
  var empty = document.getElementById("catalog-empty");
  if (!form || !status || !list) return;

  // Case-, accent- and typography-insensitive matching: "cour penale" finds "Cour pénale", and
  // "d'information" (typed) finds "d’information" (typeset), as phones turn one into the other.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[\u2018\u2019\u02bc`\u00b4]/g, "'").replace(/[\u201c\u201d\u00ab\u00bb]/g, '"')
      .replace(/[\u2010-\u2015]/g, "-");
  }

  var cards = Array.prototype.map.call(list.children, function (card) {
    var words = Array.prototype.map.call(card.querySelectorAll("[data-search]"), function (el) {
      return el.textContent;
    });
    return {
      el: card,
      kind: card.dataset.kind,
      langs: card.dataset.lang.split(" "),
      topics: card.dataset.topics.split(" "),
      text: fold(words.join(" ").replace(/\s+/g, " "))
    };
  });
  var fields = ["q", "kind", "topic", "lang"].filter(function (name) { return form.elements[name]; });

  function value(name) {
    return form.elements[name] ? form.elements[name].value : "";
  }

  function matches(card, words) {
    return (!value("kind") || card.kind === value("kind")) &&
      (!value("topic") || card.topics.indexOf(value("topic")) >= 0) &&
      (!value("lang") || card.langs.indexOf(value("lang")) >= 0) &&
      words.every(function (word) { return card.text.indexOf(word) >= 0; });
  }

  function apply() {
    var words = fold(value("q")).split(/\s+/).filter(Boolean);
    var shown = 0;
    cards.forEach(function (card) {
      card.el.hidden = !matches(card, words);
      if (!card.el.hidden) shown += 1;
    });
    var total = cards.length;
    status.textContent = shown === total
      ? total + (total === 1 ? " handout" : " handouts")
      : "Showing " + shown + " of " + total + " handouts";
    if (empty) empty.hidden = shown > 0;
    remember();
  }

  function remember() {
    var params = new URLSearchParams();
    fields.forEach(function (name) { if (value(name)) params.set(name, value(name)); });
    var query = params.toString();
    history.replaceState(null, "", query ? "?" + query : location.pathname);
  }

  function restore() {
    var params = new URLSearchParams(location.search);
    fields.forEach(function (name) {
      var field = form.elements[name];
      var wanted = params.get(name) || "";
      // A select keeps its choice only when the address names one of its options.
      field.value = wanted;
      if (field.value !== wanted) field.value = "";
    });
  }

  // Typing announces the count once the writer pauses, not at every key.
  var timer = null;
  form.addEventListener("input", function (event) {
    if (event.target.type !== "search") return apply();
    clearTimeout(timer);
    timer = setTimeout(apply, 250);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    apply();
  });
  form.addEventListener("reset", function () {
    setTimeout(apply, 0);  // after the browser has cleared the fields
  });

  restore();
  form.hidden = false;
  apply();
})();
