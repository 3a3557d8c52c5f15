// index.js: sorting, filtering and full-text search on the index page. The page works
// without it (every document is a plain link); this only adds conveniences.
//
// Search reads the prebuilt index in search/ (pipeline/render/search.py writes it):
// search/meta.js and one shard script per group of terms, loaded with <script> so that
// it also works from file: URLs. Terms are made here exactly as there: compatibility
// form, lower case, no accents; words of two or more letters or digits; Chinese,
// Japanese and Korean as overlapping pairs of characters. Every query term must match
// (the last one, while it is being typed, as a prefix from its third character on); results are ranked by the number
// of matches weighted by rarity, and the table shows them in that order.
(function () {
  "use strict";
  var table = document.getElementById("documents");
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var original = rows.slice();
  var form = document.querySelector("form.search");
  var input = document.getElementById("query");
  var status = document.getElementById("search-status");
  var shown = document.getElementById("shown");
  var none = document.getElementById("no-results");
  var selects = form ? Array.prototype.slice.call(form.querySelectorAll("select[data-filter]")) : [];

  // ------------------------------------------------------------ search index
  var meta = null;
  var shards = {};      // number -> postings object
  var waiting = {};     // number -> [callbacks]

  window.edSearch = {
    meta: function (data) { meta = data; },
    shard: function (n, postings) {
      shards[n] = postings;
      (waiting[n] || []).forEach(function (f) { f(); });
      delete waiting[n];
    }
  };

  function isCjk(c) {
    var o = c.codePointAt(0);
    return (o >= 0x3040 && o <= 0x30FF) || (o >= 0x3400 && o <= 0x4DBF) ||
      (o >= 0x4E00 && o <= 0x9FFF) || (o >= 0xAC00 && o <= 0xD7AF) ||
      (o >= 0xF900 && o <= 0xFAFF) || (o >= 0x20000 && o <= 0x3FFFF);
  }

  function fold(text) {
    return text.normalize("NFKC").toLowerCase().normalize("NFD")
      .replace(/\p{Mn}/gu, "").normalize("NFC");
  }

  // The terms of a text; a lone CJK run of one character stays one term.
  function terms(text) {
    var out = [], run = [], kind = null;
    function close() {
      if (!run.length) { return; }
      if (kind === "cjk") {
        if (run.length === 1) { out.push(run[0]); }
        for (var i = 0; i + 1 < run.length; i++) { out.push(run[i] + run[i + 1]); }
      } else if (run.length >= 2) { out.push(run.join("")); }
      run = [];
    }
    Array.from(fold(text)).forEach(function (c) {
      if (isCjk(c)) {
        if (kind !== "cjk") { close(); kind = "cjk"; }
        run.push(c);
      } else if (/[\p{L}\p{N}]/u.test(c)) {
        if (kind !== "word") { close(); kind = "word"; }
        run.push(c);
      } else { close(); kind = null; }
    });
    close();
    return out;
  }

  window.edSearch.terms = terms;  // the same terms as search.py makes (tested)

  function prefixOf(term) {
    var chars = Array.from(term);
    return isCjk(chars[0]) ? chars[0] : chars.slice(0, 3).join("");
  }

  // FNV-1a over the code points of the prefix (as search.py's shard_of).
  function shardOf(term, count) {
    var h = 0x811C9DC5;
    Array.from(prefixOf(term)).forEach(function (c) {
      h ^= c.codePointAt(0);
      h = Math.imul(h, 0x01000193) >>> 0;
    });
    return h % count;
  }

  function load(n, done) {
    if (shards[n]) { done(); return; }
    if (waiting[n]) { waiting[n].push(done); return; }
    waiting[n] = [done];
    var s = document.createElement("script");
    s.src = "search/s" + String(n).padStart(4, "0") + ".js";
    s.onerror = function () { delete waiting[n]; say("The search index could not be loaded."); };
    document.head.appendChild(s);
  }

  // doc number -> score for one query term (exact, or every term it begins when prefix).
  function lookup(term, prefix) {
    var postings = shards[shardOf(term, meta.shards)] || {};
    var keys = prefix ? Object.keys(postings).filter(function (k) { return k.indexOf(term) === 0; })
      : (postings[term] ? [term] : []);
    var scores = {};
    keys.forEach(function (k) {
      var list = postings[k];
      var idf = Math.log(1 + meta.docs.length / (list.length / 2));
      var doc = 0;  // document numbers are stored as gaps
      for (var i = 0; i < list.length; i += 2) {
        doc += list[i];
        scores[doc] = (scores[doc] || 0) + list[i + 1] * idf;
      }
    });
    return scores;
  }

  // ------------------------------------------------------------ the table
  var results = null;   // doc id -> score, or null when there is no query

  function say(text) { if (status) { status.textContent = text; } }

  function update() {
    var filters = selects.map(function (s) {
      return { key: s.getAttribute("data-filter"), value: s.value };
    }).filter(function (f) { return f.value; });
    var count = 0;
    rows.forEach(function (row) {
      var ok = !results || results.hasOwnProperty(row.getAttribute("data-doc"));
      ok = ok && filters.every(function (f) {
        var have = row.getAttribute("data-" + f.key) || "";
        return f.key === "language" ? have.split(" ").indexOf(f.value) !== -1 : have === f.value;
      });
      row.hidden = !ok;
      if (ok) { count++; }
    });
    if (shown) { shown.textContent = count + (count === 1 ? " document" : " documents"); }
    if (none) { none.hidden = count !== 0; }
  }

  function order(list) {
    var fragment = document.createDocumentFragment();
    list.forEach(function (row) { fragment.appendChild(row); });
    body.appendChild(fragment);
  }

  var pending = 0;
  function search() {
    var query = input.value;
    var qs = terms(query);
    var mine = ++pending;
    if (!qs.length) {
      results = null;
      say(query.trim() ? "Type at least two letters." : "");
      order(original);
      update();
      return;
    }
    if (!meta) { say("The search index is not available."); return; }
    var started = performance.now();
    var needed = qs.map(function (t) { return shardOf(t, meta.shards); });
    var left = needed.length;
    say("Searching…");
    needed.forEach(function (n) {
      load(n, function () {
        if (--left > 0 || mine !== pending) { return; }
        var typing = !/\s$/.test(query);
        var total = null;
        qs.forEach(function (t, i) {
          var s = lookup(t, typing && i === qs.length - 1);
          if (total === null) { total = s; return; }
          var both = {};
          Object.keys(total).forEach(function (d) { if (s.hasOwnProperty(d)) { both[d] = total[d] + s[d]; } });
          total = both;
        });
        results = {};
        Object.keys(total).forEach(function (d) { results[meta.docs[d]] = total[d]; });
        var hits = Object.keys(results).length;
        if (status) { status.setAttribute("data-ms", (performance.now() - started).toFixed(1)); }
        say(hits + (hits === 1 ? " document matches." : " documents match."));
        var ranked = original.slice().sort(function (a, b) {
          var x = results[a.getAttribute("data-doc")] || 0, y = results[b.getAttribute("data-doc")] || 0;
          return y - x;
        });
        order(ranked);
        update();
        if (status) { status.setAttribute("data-total-ms", (performance.now() - started).toFixed(1)); }
      });
    });
  }

  if (form) {
    form.hidden = false;
    if (input) {
      var timer = null;
      input.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(search, 120);
      });
    }
    selects.forEach(function (s) { s.addEventListener("change", update); });
  }

  // ------------------------------------------------------------ sorting
  function key(row, column, kind) {
    if (kind === "date") { return row.getAttribute("data-date") || "~"; }
    return row.cells[column].textContent.trim().toLowerCase();
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
    var kind = th.getAttribute("data-sort");
    if (!kind) { return; }
    th.tabIndex = 0;
    function sort() {
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(th.parentNode.cells, function (c) { c.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var x = key(a, column, kind), y = key(b, column, kind);
        return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
      });
      order(rows);
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); }
    });
  });
}());
