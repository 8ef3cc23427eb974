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
 * 13,000-paper site arrive after a few hundred kilobytes instead of a 58 MB index; and it is
 * loaded when the reader opens the search box (OPENED, from search-results.js) or asks a first
 * query, so a reader who never searches downloads none of it.
 *
 * Every match is reachable and counted from the first answer: the first screen of results is
 * answered at once, with a placeholder for each further match (Material shows the count of the
 * items it gets, and renders further items as the reader scrolls). A placeholder is filled in
 * when Material renders it: the page (search-results.js) asks for it with LOAD, and this
 * worker answers with LOADED, so a common word costs the fragments of the results a reader
 * sees, not of every match. A query that is an arXiv id (2310.01234,
 * arXiv:2310.01234v2, hep-th/9901001) is answered exactly from the site's small id maps
 * (arxiv/<prefix>.json, as the 404 page reads them), without Pagefind: that paper, or nothing.
 */

const SETUP = 0
const READY = 1
const QUERY = 2
const RESULT = 3
// Ours, beside Material's (which ignores other types): placeholders asked for and filled in.
const LOAD = 100
const LOADED = 101
const OPENED = 102  // the reader opened the search box: Pagefind is loaded while they type

const FIRST_SCREEN = 10
const MOST_LOADED_AT_ONCE = 50
const SECTIONS_SHOWN = 3
const HEAD_LIMIT = 65536
// An id being typed (digits with a dot, an archive and digits): never asked of Pagefind ("2405.").
const ARXIV_ID_TYPED = /^(?:arxiv:\s*)?(?:\d{4}\.\d{0,5}|[a-z][a-z.-]*\/\d{1,7})(?:v\d*)?$/i
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
// receives the answer: the first screen, and a placeholder for every other match.
async function search(query, post) {
  const id = query.match(ARXIV_ID)
  if (id || ARXIV_ID_TYPED.test(query)) {
    const paper = id ? await paperWithArxivId(id[1].toLowerCase()) : null
    post(paper ? [paper] : [])
    return
  }
  const engine = await loadPagefind()
  const found = await engine.search(query)
  const results = found && found.results ? found.results : []
  if (query !== latestQuery)
    return
  const terms = queryTerms(query)
  const first = results.slice(0, FIRST_SCREEN)
  const pages = await Promise.all(first.map(result => result.data()))
  if (query !== latestQuery)
    return  // a newer query: this one's answer would replace it
  shown = { generation: ++generation, results, terms }
  const items = pages.map((data, index) => pageItems(data, first[index].score, terms))
  post(items.concat(results.slice(FIRST_SCREEN).map((result, index) =>
    placeholder(shown.generation, FIRST_SCREEN + index, result.score, terms))))
}

// The results of the answer last posted, whose placeholders the page may ask to fill in.
let shown = null
let generation = 0

// A match not loaded yet: counted, and filled in by the page once Material renders it.
function placeholder(answer, index, score, terms) {
  const marker = `<p class="search-pending" data-answer="${answer}" data-result="${index}">Loading…</p>`
  return [{ location: "", title: "…", text: marker, score, terms }]
}

// The results a page asks for (LOAD), as items for it to fill in (LOADED).
async function load(answer, indices) {
  if (!shown || shown.generation !== answer)
    return
  const { results, terms } = shown
  const asked = [...new Set(indices)]
    .filter(index => Number.isInteger(index) && index >= 0 && index < results.length)
    .slice(0, MOST_LOADED_AT_ONCE)
  const pages = await Promise.all(asked.map(index => results[index].data()))
  const filled = pages.map((data, place) => [asked[place], pageItems(data, results[asked[place]].score, terms)])
  postMessage({ type: LOADED, data: { answer, results: filled } })
}

// The paper with an arXiv id (version dropped, lower case), from the id map of its prefix
// (site_paths.arxiv_id_prefix computes the same), titled as its page is: the page's head is
// read up to its title, and the rest is not downloaded.
async function paperWithArxivId(arxivId) {
  const [archive, number] = arxivId.split("/")
  const prefix = number ? `${archive.replaceAll(".", "-")}-${number.slice(0, 4)}` : arxivId.slice(0, 6)
  const answer = await fetch(new URL(`arxiv/${prefix}.json`, siteRoot))
  const paperId = answer.ok ? (await answer.json())[arxivId] : undefined
  if (typeof paperId !== "string" || !/^[a-z0-9-]+$/.test(paperId))
    return null
  const location = `papers/${paperId}/`
  const head = await pageHead(new URL(location, siteRoot))
  const fullTitle = decodeEntities((head.match(/<title>([^<]*)<\/title>/) || ["", arxivId])[1])
  const title = fullTitle.includes(" - ") ? fullTitle.slice(0, fullTitle.lastIndexOf(" - ")) : fullTitle  // " - site name"
  const description = decodeEntities((head.match(/<meta name="description" content="([^"]*)"/) || ["", ""])[1])
  return [{ location, title: escapeHtml(title), text: `<p>${escapeHtml(description)}</p>`, score: 1, terms: {} }]
}

async function pageHead(url) {
  const answer = await fetch(url)
  if (!answer.ok || !answer.body)
    return ""
  const reader = answer.body.getReader()
  const decoder = new TextDecoder()
  let head = ""
  while (!head.includes("</title>") && head.length < HEAD_LIMIT) {
    const { done, value } = await reader.read()
    if (done)
      break
    head += decoder.decode(value, { stream: true })
  }
  reader.cancel().catch(() => {})
  return head
}

// The page's title and description are HTML-escaped by the generator and the theme.
function decodeEntities(text) {
  return text
    .replace(/&#(\d+);/g, (_, code) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
}

addEventListener("message", async event => {
  const message = event.data
  if (message.type === SETUP) {
    postMessage({ type: READY })  // Pagefind is loaded once the reader opens the search box
  } else if (message.type === OPENED) {
    loadPagefind().catch(error => console.warn("Search failed:", error))
  } else if (message.type === LOAD) {
    load(message.data.answer, message.data.indices).catch(error => console.warn("Search failed:", error))
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
