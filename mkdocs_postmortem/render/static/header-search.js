/* mkdocs-postmortem: with Pagefind, the incident pages are out of the theme's search (the
   search box in the header): a line at the top of its results sends the reader to the
   archive's search page with what they typed ("Search 120 incidents in the archive for
   “pool”"). Material's search only (its .md-search-result); with another theme it does
   nothing. The query is only ever set as text and as the link's ?q=. */
(function () {
  "use strict";
  var me = document.currentScript;
  var ARCHIVE = __PM_ARCHIVE__;
  var input = document.querySelector("input[data-md-component=search-query]");
  var results = document.querySelector("[data-md-component=search-result]");
  if (!me || !input || !results) return;
  var page = new URL(ARCHIVE.page, me.src);
  var line = document.createElement("p");
  line.className = "pm-archive-search";
  var link = document.createElement("a");
  link.setAttribute("data-pm-archive-search", "");
  line.appendChild(link);
  results.insertBefore(line, results.firstChild);
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
})();
