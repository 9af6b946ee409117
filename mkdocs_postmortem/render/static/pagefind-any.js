/* mkdocs-postmortem: Pagefind's search module as the archive's search page uses it. Pagefind's
   interface asks for every ticked value of a filter at once (an array: a page with all of
   them), and an incident has one severity, one year, one status: ticking SEV1 and SEV2 would
   find nothing. Here the values of one filter are any of them (SEV1 or SEV2), the filters
   together all of them (SEV1 or SEV2, and payments), and a filter's counts are those of the
   search without its own values, so that ticking SEV1 leaves SEV2 there to tick.
   The interface loads this file in place of Pagefind's (its bundlePath is this folder); the
   index is Pagefind's own, one module for both. */
import * as pagefind from "../../pagefind/pagefind.js";

export * from "../../pagefind/pagefind.js";

function ticked(filters) {
  var names = [];
  Object.keys(filters || {}).forEach(function (name) {
    var values = filters[name];
    if (Array.isArray(values) ? values.length : values) names.push(name);
  });
  return names;
}

function anyOf(options) {
  if (!options || !options.filters) return options;
  var filters = {};
  Object.keys(options.filters).forEach(function (name) {
    var values = options.filters[name];
    filters[name] = Array.isArray(values) ? { any: values } : values;
  });
  return Object.assign({}, options, { filters: filters });
}

export function preload(term, options) {
  return pagefind.preload(term, anyOf(options));
}

export async function search(term, options) {
  var asked = anyOf(options);
  var found = await pagefind.search(term, asked);
  var names = ticked(asked && asked.filters);
  if (!found || !found.filters || !names.length) return found;
  var counts = Object.assign({}, found.filters);
  for (var i = 0; i < names.length; i++) {
    var others = Object.assign({}, asked.filters);
    delete others[names[i]];
    var without = await pagefind.search(term, Object.assign({}, asked, { filters: others }));
    if (!without) return null; /* a newer search has started: this one is dropped */
    if (without.filters && without.filters[names[i]]) counts[names[i]] = without.filters[names[i]];
  }
  return Object.assign({}, found, { filters: counts });
}
