// pagefind/pagefind.js, put there by the build (glossator/build/search.py): what the
// search box (Pagefind's own interface, which loads this file) takes for Pagefind.
// The index is in shards, each a Pagefind index of its own under pagefind/<key>/,
// which pagefind/shards.json lists (asked for afresh, as Pagefind asks for its own
// list, so that a copy of this file kept by the browser serves any later build);
// this merges them into the first one's, all at once, and searches them as one.
//
// One thing a single index would not do: Pagefind looks for a word that an index
// lacks as its longest prefix that the index has ("507" as "50", "orchid" as "or"),
// so a shard without the word would answer with pages that merely share its first
// letters. A shard is therefore asked only for the words it has, when some shard
// has them: each word is looked up exactly first ("word"), and the shards that have
// none of it are left out of the search (by a filter that names each shard).
const SHARDS = await (await fetch(new URL(`shards.json?ts=${Date.now()}`, import.meta.url))).json();
const pagefind = await import(`./${SHARDS[0]}/pagefind.js`);
const FILTER = 'glossator-shard';

const merged = (async () => {
  await pagefind.options({ mergeFilter: { [FILTER]: SHARDS[0] } });
  await Promise.all(SHARDS.slice(1).map((key) => pagefind.mergeIndex(
    new URL(`./${key}/`, import.meta.url).pathname,
    { mergeFilter: { [FILTER]: key }, metaCacheTag: key })));
})();

// The shards that have each word of `term` (all of them for a word none has).
async function shardsFor(term) {
  const words = term.replace(/"/g, ' ').split(/\s+/).filter(Boolean);
  let shards = SHARDS;
  for (const word of words) {
    const exact = await pagefind.search(`"${word}"`);
    const having = Object.entries(exact?.filters?.[FILTER] || {})
      .filter(([, count]) => count > 0).map(([key]) => key);
    if (having.length) shards = shards.filter((key) => having.includes(key));
  }
  return shards;
}

function withShards(options, shards) {
  const filters = { ...(options?.filters || {}) };
  if (shards.length < SHARDS.length) filters[FILTER] = { any: shards };
  return { ...(options || {}), filters };
}

function plain(response) {       // no filter of ours shows in the search box
  if (!response) return response;
  for (const key of ['filters', 'totalFilters']) {
    if (response[key]) delete response[key][FILTER];
  }
  return response;
}

export async function options(value) { await merged; return pagefind.options(value); }
export async function mergeIndex(path, value) { await merged; return pagefind.mergeIndex(path, value); }
export async function init() { await merged; }
export async function preload(term, value) { await merged; return pagefind.preload(term, value); }
export async function filters() {
  await merged;
  const all = await pagefind.filters();
  delete all[FILTER];
  return all;
}
export async function search(term, value) {
  await merged;
  if (!term) return plain(await pagefind.search(term, value));
  return plain(await pagefind.search(term, withShards(value, await shardsFor(term))));
}
export async function debouncedSearch(term, value, timeout = 300) {
  await merged;
  const shards = term ? await shardsFor(term) : SHARDS;
  return plain(await pagefind.debouncedSearch(term, withShards(value, shards), timeout));
}
export async function destroy() { return pagefind.destroy(); }
