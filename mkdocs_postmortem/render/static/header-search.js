/* mkdocs-postmortem: with Pagefind, the incident pages are out of the theme's search (the
   search box in the header): a line at the top of its results sends the reader to the
   archive's search page with what they typed ("Search 120 incidents in the archive for
   “pool”"). Material's search (its .md-search-result), and Zensical's (a dialog that its
   script draws in a shadow root the first time the reader opens the search); with another
   theme it does nothing. The query is only ever set as text and as the link's ?q=. */
(function () {
  "use strict";
  var me = document.currentScript;
  var ARCHIVE = __PM_ARCHIVE__;
  if (!me) return;
  var page = new URL(ARCHIVE.page, me.src);

  /* The line and the function that keeps it to what ``input`` holds. */
  function archiveLine(input) {
    var line = document.createElement("p");
    line.className = "pm-archive-search";
    var link = document.createElement("a");
    link.setAttribute("data-pm-archive-search", "");
    line.appendChild(link);
    function update() {
      var query = input.value.trim();
      var target = new URL(page.href);
      if (query) target.searchParams.set("q", query);
      link.href = target.href;
      link.textContent =
        "Search " + ARCHIVE.count + " " + (ARCHIVE.count === 1 ? "incident" : "incidents") +
        " in the archive" + (query ? " for “" + query + "”" : "");
    }
    input.addEventListener("input", update);
    input.addEventListener("change", update);
    input.form && input.form.addEventListener("reset", function () { setTimeout(update, 0); });
    update();
    return line;
  }

  var input = document.querySelector("input[data-md-component=search-query]");
  var results = document.querySelector("[data-md-component=search-result]");
  if (input && results) {
    results.insertBefore(archiveLine(input), results.firstChild);
    return;
  }
  if (!document.querySelector("[data-md-component=search]")) return;

  /* Zensical: its search dialog (an input of role combobox, a live status above the results)
     is made in an open shadow root when first opened, and redrawn as the reader types; the
     line goes above the status, again whenever a redraw drops it. The theme's stylesheets do
     not reach into the shadow root, so the line carries its own few styles. */
  var placed = null;
  function place(root) {
    var box = root.querySelector("dialog input[role=combobox]");
    var status = root.querySelector("dialog [role=status]");
    if (!box || !status || !status.parentNode) return;
    if (placed === null || placed.box !== box) placed = { box: box, line: archiveLine(box) };
    var line = placed.line;
    if (line.parentNode === status.parentNode && line.nextSibling === status) return;
    line.style.cssText = "margin:0;padding:.6em 1.2em;font-size:.85em;line-height:1.4";
    line.firstChild.style.color = "inherit";
    line.firstChild.style.textDecoration = "underline";
    status.parentNode.insertBefore(line, status);
  }
  var watched = [];
  function watch() {
    for (var node = document.body.firstElementChild; node; node = node.nextElementSibling) {
      var root = node.shadowRoot;
      if (!root || watched.indexOf(root) >= 0) continue;
      watched.push(root);
      new MutationObserver(place.bind(null, root)).observe(root, {
        childList: true,
        subtree: true,
      });
      place(root);
    }
  }
  new MutationObserver(watch).observe(document.body, { childList: true });
  watch();
})();
