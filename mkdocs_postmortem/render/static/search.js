/* mkdocs-postmortem: the archive's search page. Pagefind's interface, with
   - the search in the page's address (?q=pool&severity=SEV1&service=payments&sort=newest):
     a deep link restores the query, the ticked filters and the order, and the address follows
     the reader's search;
   - the result fields as the archive shows them: id, date and a severity badge above the title.
   Text from postmortems is only ever set as text. */
(function () {
  "use strict";
  var box = document.querySelector("[data-pm-search]");
  if (!box) return;
  /* From file:// a browser lets no page import Pagefind's module: say so instead of
     "Searching..." for ever. */
  if (location.protocol === "file:") {
    var disk = box.querySelector("[data-pm-search-disk]");
    if (disk) disk.hidden = false;
    box.querySelector(".pm-search-sort").hidden = true;
    return;
  }
  if (!window.PagefindUI) return;
  var holder = box.querySelector("[data-pm-search-ui]");
  var order = box.querySelector("select[name=sort]");
  var badges = {};
  try {
    badges = JSON.parse(box.getAttribute("data-badges") || "{}");
  } catch (e) {
    badges = {};
  }
  var bundle = new URL(box.getAttribute("data-bundle"), location.href).pathname;
  /* Pagefind's module with a filter's values as any of them (SEV1 or SEV2): pagefind-any.js */
  var module = new URL(box.getAttribute("data-module") || box.getAttribute("data-bundle"), location.href).pathname;
  var root = new URL(box.getAttribute("data-root"), location.href).pathname;
  var SORTS = {
    newest: { date: "desc" },
    oldest: { date: "asc" },
    severity: { severity: "asc" },
    resolve: { resolve: "desc" },
  };
  var OWN = { q: true, sort: true };
  /* Filter values are held HTML-escaped (Pagefind's interface writes them as HTML): the
     address holds them as written. */
  var ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };
  function escape(value) {
    return value.replace(/[&<>"']/g, function (c) { return ESCAPES[c]; });
  }
  function unescape(value) {
    var text = document.createElement("textarea");
    text.innerHTML = value; /* a textarea's content is text: nothing in it runs */
    return text.value;
  }
  var ui = null;
  var state = new URLSearchParams();

  function start(params) {
    if (ui) ui.destroy();
    var sort = SORTS[params.get("sort") || ""] || null;
    order.value = sort ? params.get("sort") : "";
    ui = new window.PagefindUI({
      element: "[data-pm-search-ui]",
      bundlePath: module,
      baseUrl: root,
      sort: sort,
      showImages: false,
      showSubResults: false,
      showEmptyFilters: false,
      excerptLength: 30,
      pageSize: 10,
      debounceTimeoutMs: 100,
      openFilters: ["severity", "service"],
    });
    var filters = {};
    var any = false;
    params.forEach(function (value, key) {
      if (OWN[key]) return;
      (filters[key] = filters[key] || []).push(escape(value));
      any = true;
    });
    if (any) ui.triggerFilters(filters);
    if (params.get("q")) ui.triggerSearch(params.get("q"));
  }

  /* The search as the interface shows it: its query, its ticked filters (those of the address
     while the interface has drawn no filter yet) and the order. */
  function current() {
    var params = new URLSearchParams();
    var input = holder.querySelector("input.pagefind-ui__search-input");
    if (input && input.value.trim()) params.set("q", input.value.trim());
    else if (!input && state.get("q")) params.set("q", state.get("q"));
    var boxes = holder.querySelectorAll("input.pagefind-ui__filter-checkbox");
    if (boxes.length) {
      boxes.forEach(function (box) {
        if (box.checked) params.append(box.name, unescape(box.value));
      });
    } else {
      state.forEach(function (value, key) {
        if (!OWN[key]) params.append(key, value);
      });
    }
    if (order.value) params.set("sort", order.value);
    return params;
  }

  /* The address holds the search (the state): written from it, never read back from an
     interface that is still being drawn. */
  function write() {
    var query = state.toString();
    history.replaceState(history.state, "", (query ? "?" + query : location.pathname) + location.hash);
  }

  function remember() {
    state = current();
    write();
  }

  /* Each result's id, date and severity: Pagefind shows a result's fields as "Key: value";
     the value is kept for the eye (CSS) and the whole for screen readers. */
  function decorate() {
    holder.querySelectorAll("li.pagefind-ui__result-tag").forEach(function (tag) {
      var key = tag.getAttribute("data-pagefind-ui-meta") || "";
      if (tag.querySelector(".pm-search-badge")) return; /* decorated already */
      var text = tag.textContent || "";
      var at = text.indexOf(": ");
      var value = (at >= 0 ? text.slice(at + 2) : text).trim();
      if (tag.getAttribute("data-value") === value) return;
      tag.setAttribute("data-value", value);
      tag.classList.add("pm-search-field", "pm-search-" + key);
      if (key === "severity") {
        tag.className = tag.className.replace(/\bpm-sev-\S+/g, "").trim();
        tag.classList.add("pm-badge", "pm-sev", badges[value] || "pm-sev-5");
        /* Drawn by a badge of its own: Pagefind's rules for its fields outrank the colours. */
        var badge = document.createElement("span");
        badge.className = "pm-badge pm-sev pm-search-badge " + (badges[value] || "pm-sev-5");
        badge.textContent = value;
        tag.appendChild(badge);
      }
    });
  }

  holder.addEventListener("input", remember);
  holder.addEventListener("change", remember);
  holder.addEventListener("click", function (event) {
    if (event.target && event.target.closest && event.target.closest(".pagefind-ui__search-clear")) {
      setTimeout(remember, 0);
    }
  });
  /* A new order restarts the interface with the same query and filters: the address keeps
     all three. */
  order.addEventListener("change", function () {
    var params = current();
    if (!order.value) params.delete("sort");
    state = params;
    start(params);
    write();
  });
  new MutationObserver(decorate).observe(holder, { childList: true, subtree: true, characterData: true });
  var initial = new URLSearchParams(location.search);
  state = new URLSearchParams(initial);
  if (initial.has("q")) {
    /* Material opens its own search on a "q" in the address (and drops it when closed): here
       it is this page's query. It is out of the address until Material has started, then
       back, unless the reader has searched meanwhile. */
    var without = new URLSearchParams(initial);
    without.delete("q");
    var bare = (without.toString() ? "?" + without : location.pathname) + location.hash;
    history.replaceState(history.state, "", bare);
    window.addEventListener("load", function () {
      setTimeout(function () {
        if (location.search === (without.toString() ? "?" + without : "")) {
          history.replaceState(history.state, "", "?" + initial + location.hash);
        }
      }, 0);
    });
  }
  /* Pagefind counts a search's filters over the filter chunks it has loaded: a search that
     runs while they are still loading (a deep link, a quick reader, a slow network) leaves
     the unloaded groups out of the panel for good. The interface starts once they are in:
     it imports the same module, so it finds them loaded. */
  import(bundle + "pagefind.js")
    .then(function (pagefind) {
      return pagefind.options({ baseUrl: root, excerptLength: 30 }).then(function () {
        return pagefind.filters();
      });
    })
    .catch(function () {
      /* the interface reports a bundle it cannot load by itself */
    })
    .then(function () {
      start(initial);
    });
})();
