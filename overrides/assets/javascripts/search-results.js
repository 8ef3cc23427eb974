/*
 * Search results loaded as the reader reaches them.
 *
 * The search worker (pagefind-worker.js) answers a query with its first screen of results and a
 * placeholder for every other match, so that Material shows the true count at once. Material
 * renders results as the reader scrolls; when it renders a placeholder, this script asks the
 * worker for that result (LOAD) and fills the placeholder in with the answer (LOADED), drawn as
 * Material draws a result. A common word thus costs the results a reader sees, not every match.
 *
 * It also tells the worker when the reader opens the search box, so that the index loads while
 * they type. It must run before Material's script, which creates the worker: it keeps the
 * worker that Material creates for the search box, to talk to it beside Material.
 */
(function () {
  const LOAD = 100
  const LOADED = 101
  const OPENED = 102
  const ASK_AFTER_MS = 30
  const Native = window.Worker
  if (!Native)
    return
  let worker = null
  // The search box's worker, as the page's configuration names it (Pagefind, loaded in a page
  // such as the 404 page, starts a worker of its own with a similar name).
  const searchWorker = new URL(JSON.parse(document.getElementById("__config").textContent).search, location.href).href
  window.Worker = class extends Native {
    constructor(url, options) {
      super(url, options)
      if (worker === null && new URL(url, location.href).href === searchWorker) {
        worker = this
        this.addEventListener("message", event => event.data && event.data.type === LOADED && fill(event.data.data))
      }
    }
  }

  // Placeholders rendered, asked for together once Material has added a chunk of them.
  const waiting = new Map()
  let timer = null
  function ask(marker) {
    const answer = Number(marker.dataset.answer)
    if (!waiting.has(answer))
      waiting.set(answer, new Set())
    waiting.get(answer).add(Number(marker.dataset.result))
    clearTimeout(timer)
    timer = setTimeout(() => {
      for (const [answer, indices] of waiting)
        worker.postMessage({ type: LOAD, data: { answer, indices: [...indices] } })
      waiting.clear()
    }, ASK_AFTER_MS)
  }

  function fill({ answer, results }) {
    for (const [index, items] of results) {
      const marker = document.querySelector(`.search-pending[data-answer="${answer}"][data-result="${index}"]`)
      const item = marker && marker.closest(".md-search-result__item")
      if (item)
        item.replaceChildren(...items.map((shown, place) => resultLink(shown, place === 0)))
    }
  }

  // As Material draws a result: the page with its icon and title, then its sections. Titles
  // and excerpts come from the worker escaped (only <mark> and <p> are markup).
  function resultLink(shown, isPage) {
    const config = JSON.parse(document.getElementById("__config").textContent)
    const address = new URL(shown.location, new URL(config.base, location.href))
    const terms = Object.keys(shown.terms).join(" ")
    if (terms && (config.features || []).includes("search.highlight"))
      address.searchParams.set("h", terms)
    const link = document.createElement("a")
    link.href = `${address}`
    link.className = "md-search-result__link"
    link.tabIndex = -1
    const article = document.createElement("article")
    article.className = "md-search-result__article md-typeset"
    article.dataset.mdScore = Number(shown.score).toFixed(2)
    if (isPage) {
      const icon = document.createElement("div")
      icon.className = "md-search-result__icon md-icon"
      article.append(icon)
    }
    const heading = document.createElement(isPage ? "h1" : "h2")
    heading.innerHTML = shown.title
    article.append(heading)
    article.insertAdjacentHTML("beforeend", shown.text)
    link.append(article)
    return link
  }

  function watch() {
    const list = document.querySelector(".md-search-result__list")
    const input = document.querySelector(".md-search__input")
    if (!list || !input)
      return
    // The index is loaded once the reader opens the search box, not on every page.
    input.addEventListener("focus", () => worker && worker.postMessage({ type: OPENED }), { once: true })
    new MutationObserver(changes => {
      for (const change of changes)
        for (const node of change.addedNodes)
          if (node.nodeType === Node.ELEMENT_NODE && worker)
            node.querySelectorAll(".search-pending").forEach(ask)
    }).observe(list, { childList: true })
  }
  if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", watch)
  else
    watch()
})()
