// document.js: the document page's parallel view. The page reads without it (every
// column shows, nothing is hidden); this adds:
//  - highlighting: the sentence or block under the pointer (or focused, or clicked) and
//    its counterparts in the other versions (ids in data-corresp) get the class
//    "linked"; a click pins the highlight until the next click elsewhere, and scrolls a
//    counterpart into view when none is visible (stacked phone layout);
//  - column toggles: checkboxes switch versions on and off (at least one stays on);
//    the choice is kept in the URL's query (?hide=2,3) so a link shares the view.
(function () {
  "use strict";
  var view = document.querySelector(".parallel");
  var root = view || document.querySelector(".reading");
  if (!root) { return; }

  // ------------------------------------------------------------ highlighting
  var lit = [];
  var pinned = null;

  function counterparts(el) {
    var ids = (el.getAttribute("data-corresp") || "").split(/\s+/).filter(Boolean);
    return ids.map(function (id) { return document.getElementById(id); }).filter(Boolean);
  }

  function clear() {
    lit.forEach(function (el) { el.classList.remove("linked", "linked-source"); });
    lit = [];
  }

  function light(el) {
    clear();
    if (!el) { return; }
    el.classList.add("linked", "linked-source");
    lit.push(el);
    counterparts(el).forEach(function (other) {
      other.classList.add("linked");
      lit.push(other);
    });
  }

  // The innermost element with counterparts: a sentence before its paragraph.
  function target(event) {
    var el = event.target.closest ? event.target.closest("[data-corresp]") : null;
    return el && root.contains(el) ? el : null;
  }

  function visible(el) {
    var r = el.getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight && r.width > 0;
  }

  root.addEventListener("mouseover", function (event) {
    if (!pinned) { light(target(event)); }
  });
  root.addEventListener("mouseleave", function () {
    if (!pinned) { clear(); }
  });
  root.addEventListener("click", function (event) {
    var el = target(event);
    if (event.target.closest("a")) { return; }
    if (!el || el === pinned) { pinned = null; clear(); return; }
    pinned = el;
    light(el);
    var others = counterparts(el).filter(function (o) { return o.offsetParent !== null; });
    if (others.length && !others.some(visible)) {
      others[0].scrollIntoView({ block: "center", behavior: "smooth" });
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { pinned = null; clear(); }
  });

  // ------------------------------------------------------------ column toggles
  if (!view) { return; }
  var toggles = view.querySelector(".pv-toggles");
  var boxes = toggles ? Array.prototype.slice.call(toggles.querySelectorAll("input[data-column]")) : [];

  function apply() {
    var shown = boxes.filter(function (b) { return b.checked; }).length;
    boxes.forEach(function (b) {
      var column = b.getAttribute("data-column");
      b.disabled = b.checked && shown === 1;
      view.querySelectorAll('.pv-cell[data-column="' + column + '"]').forEach(function (cell) {
        cell.hidden = !b.checked;
      });
    });
    view.style.setProperty("--columns", String(Math.max(shown, 1)));
    var hidden = boxes.filter(function (b) { return !b.checked; })
      .map(function (b) { return b.getAttribute("data-column"); });
    var url = new URL(window.location.href);
    if (hidden.length) { url.searchParams.set("hide", hidden.join(",")); }
    else { url.searchParams.delete("hide"); }
    try { window.history.replaceState(null, "", url.toString()); } catch (e) { /* file: URLs */ }
  }

  if (boxes.length > 1) {
    toggles.hidden = false;
    var params = new URLSearchParams(window.location.search);
    var hide = (params.get("hide") || "").split(",");
    boxes.forEach(function (b) {
      if (hide.indexOf(b.getAttribute("data-column")) !== -1) { b.checked = false; }
      b.addEventListener("change", apply);
    });
    if (!boxes.some(function (b) { return b.checked; })) { boxes[0].checked = true; }
    apply();
  }
}());
