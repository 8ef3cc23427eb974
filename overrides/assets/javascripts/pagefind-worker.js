/*
 * Material for MkDocs' search box, answered by Pagefind.
 *
 * Material runs search in a web worker and talks to it with four messages (its documented
 * extension point for another engine): SETUP (0) carries Material's own index, which this
 * worker ignores; it answers READY (1). QUERY (2) carries what the reader typed; the answer is
 * RESULT (3) with `items`: one list per page, the page first, then its best sections, each
 * `{location, title, text, score, terms}`. Material inserts `title` and `text` as HTML.
 *
 * Pagefind loads only the parts of its index that a query needs, so the first results of a
 * 13,000-paper site arrive after a few hundred kilobytes instead of a 58 MB index.
 */

const SETUP = 0
const READY = 1
const QUERY = 2
const RESULT = 3

const PAGES_SHOWN = 10
const SECTIONS_SHOWN = 3

// This file is <site>/assets/javascripts/pagefind-worker.js; the index is <site>/pagefind/. A
// large site's index is in parts (Pagefind's memory holds one part while writing it), named by
// pagefind/parts.json and searched together with Pagefind's mergeIndex.
const siteRoot = new URL("../../", self.location.href)
const indexRoot = new URL("pagefind/", siteRoot)
let pagefind = null
let latestQuery = ""

async function loadPagefind() {
  if (!pagefind) {
    pagefind = (async () => {
      const parts = await (await fetch(new URL("parts.json", indexRoot))).json()
      const options = { baseUrl: siteRoot.pathname, excerptLength: 24 }
      const module = await import(new URL(`${parts[0]}pagefind.js`, indexRoot).href)
      await module.options({ ...options, basePath: new URL(parts[0], indexRoot).pathname })
      await module.init()
      await Promise.all(parts.slice(1).map(part => module.mergeIndex(new URL(part, indexRoot).pathname, options)))
      return module
    })()
  }
  return pagefind
}

// Titles are the page's text as Pagefind read it: untrusted, and Material renders HTML.
function escapeHtml(text) {
  return String(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;")
}

// Pagefind's excerpts are the page's text with < and > escaped (nothing else) and <mark> around
// the matches: undo those two escapes, then escape everything, keeping only the marks.
function excerptHtml(excerpt) {
  const marked = /<mark>([^<]*)<\/mark>/g
  let html = ""
  let position = 0
  for (const match of excerpt.matchAll(marked)) {
    html += escapeText(excerpt.slice(position, match.index))
    html += `<mark data-md-highlight>${escapeText(match[1])}</mark>`
    position = match.index + match[0].length
  }
  return `<p>${html + escapeText(excerpt.slice(position))}</p>`
}

function escapeText(text) {
  return escapeHtml(text.replace(/&lt;/g, "<").replace(/&gt;/g, ">"))
}

function queryTerms(query) {
  const terms = {}
  for (const word of query.toLowerCase().split(/[\s\-]+/))
    if (word)
      terms[word] = true
  return terms
}

function pageItems(data, score, terms) {
  const title = data.meta && data.meta.title ? data.meta.title : data.url
  const page = {
    location: data.url.split("#")[0],
    title: escapeHtml(title),
    text: excerptHtml(data.excerpt || ""),
    score,
    terms
  }
  const sections = (data.sub_results || [])
    .filter(section => section.url.includes("#") && section.title !== title)
    .slice(0, SECTIONS_SHOWN)
    .map(section => ({
      location: section.url,
      title: escapeHtml(section.title),
      text: excerptHtml(section.excerpt || ""),
      score,
      terms
    }))
  return [page, ...sections]
}

// Material sends a query for every key typed; only the newest one is worth finishing.
async function search(query) {
  const engine = await loadPagefind()
  const found = await engine.search(query)
  if (query !== latestQuery)
    return null
  if (!found || !found.results)
    return []
  const shown = found.results.slice(0, PAGES_SHOWN)
  const pages = await Promise.all(shown.map(result => result.data()))
  const terms = queryTerms(query)
  return pages.map((data, index) => pageItems(data, shown[index].score, terms))
}

addEventListener("message", async event => {
  const message = event.data
  if (message.type === SETUP) {
    loadPagefind()  // start fetching while the reader types
    postMessage({ type: READY })
  } else if (message.type === QUERY) {
    const query = String(message.data || "").trim()
    latestQuery = query
    let items = []
    try {
      items = query ? await search(query) : []
    } catch (error) {
      console.warn("Search failed:", error)
    }
    if (items !== null && query === latestQuery)  // an older query's answer would replace a newer one
      postMessage({ type: RESULT, data: { items } })
  }
})
