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
 *
 * Every match is reachable: the first screen of results is answered at once, then the rest of
 * the matches are loaded in batches and the answer is sent again, whole, so that Material shows
 * the true count and renders further results as the reader scrolls. A query that is an arXiv id
 * (2310.01234, arXiv:2310.01234v2, hep-th/9901001) puts the paper with that id first.
 */

const SETUP = 0
const READY = 1
const QUERY = 2
const RESULT = 3

const FIRST_SCREEN = 10
const REST_AFTER_MS = 300
const BATCH = 50
const SECTIONS_SHOWN = 3
const ARXIV_ID = /^(?:arxiv:\s*)?(\d{4}\.\d{4,5}|[a-z][a-z.-]*\/\d{7})(?:v\d+)?$/i

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

// Material sends a query for every key typed; only the newest one is worth finishing. `post`
// receives the answer: the first screen, then every match.
async function search(query, post) {
  const engine = await loadPagefind()
  const results = await matches(engine, query)
  if (query !== latestQuery)
    return
  const terms = queryTerms(query)
  const items = []
  for (let start = 0; start < results.length; start += start ? BATCH : FIRST_SCREEN) {
    const part = results.slice(start, start + (start ? BATCH : FIRST_SCREEN))
    const pages = await Promise.all(part.map(result => result.data()))
    if (query !== latestQuery)
      return  // a newer query: stop loading this one's results
    pages.forEach((data, index) => items.push(pageItems(data, part[index].score, terms)))
    if (start === 0 || start + part.length >= results.length)
      post(items.slice())
    if (start === 0) {
      // The rest once the reader stops typing: each key is a new query, and loading the rest of
      // an old one would only slow the next one's first screen.
      await new Promise(resolve => setTimeout(resolve, REST_AFTER_MS))
      if (query !== latestQuery)
        return
    }
  }
  if (!results.length)
    post([])
}

// Pagefind's matches, best first; for an arXiv id, the paper with that id before them.
async function matches(engine, query) {
  const found = await engine.search(query)
  const results = found && found.results ? found.results : []
  const id = query.match(ARXIV_ID)
  if (!id)
    return results
  const exact = await engine.search(null, { filters: { arxiv: id[1].toLowerCase() } })
  const first = exact && exact.results ? exact.results : []
  const seen = new Set(first.map(result => result.id))
  return first.concat(results.filter(result => !seen.has(result.id)))
}

addEventListener("message", async event => {
  const message = event.data
  if (message.type === SETUP) {
    loadPagefind()  // start fetching while the reader types
    postMessage({ type: READY })
  } else if (message.type === QUERY) {
    const query = String(message.data || "").trim()
    latestQuery = query
    // An older query's answer would replace a newer one: only the newest query's is posted.
    const post = items => query === latestQuery && postMessage({ type: RESULT, data: { items } })
    try {
      if (query)
        await search(query, post)
      else
        post([])
    } catch (error) {
      console.warn("Search failed:", error)
      post([])
    }
  }
})
