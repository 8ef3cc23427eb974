/*
 * Order a listing of papers by date, upvotes or title, in the reader's browser; "as listed" puts
 * it back. Each list item of a .paper-list carries its keys in a hidden span (data-date,
 * data-upvotes); the title is its first link's text. Without this script the list stays in its
 * own order, which the generator keeps deterministic. Only orders that change the list are
 * offered. A listing of several pages (data-ordered-pages) is left alone: the generator writes
 * it in each order, linked above it, since ordering here would order only the page shown.
 */
(function () {
  var ORDERS = [
    ["listed", "as listed"],
    ["date", "newest"],
    ["upvotes", "most upvoted"],
    ["title", "title"]
  ]

  function keyOf(item, order) {
    var keys = item.querySelector(".sort-keys")
    if (order === "date") return keys ? keys.dataset.date : ""
    if (order === "upvotes") return keys ? Number(keys.dataset.upvotes) : 0
    var link = item.querySelector("a")
    return link ? link.textContent.trim().toLowerCase() : ""
  }

  function sortList(list, items, order) {
    var sorted = items.slice()
    if (order !== "listed") {
      sorted.sort(function (a, b) {
        var x = keyOf(a, order), y = keyOf(b, order)
        if (order === "title") return x < y ? -1 : x > y ? 1 : 0
        return x < y ? 1 : x > y ? -1 : 0  // newest and most upvoted first; ties keep their order
      })
    }
    sorted.forEach(function (item) { list.appendChild(item) })
  }

  // Whether ordering by `order` changes the list: its items' keys are not all the same.
  function changes(items, order) {
    if (order === "listed") return true
    var first = keyOf(items[0], order)
    return items.some(function (item) { return keyOf(item, order) !== first })
  }

  document.querySelectorAll(".paper-list:not([data-ordered-pages]) > ul").forEach(function (list) {
    var items = Array.prototype.slice.call(list.children)
    if (items.length < 2) return
    var orders = ORDERS.filter(function (entry) { return changes(items, entry[0]) })
    if (orders.length < 2) return
    var control = document.createElement("p")
    control.className = "listing-order"
    control.appendChild(document.createTextNode("Order: "))
    orders.forEach(function (entry, index) {
      var button = document.createElement("button")
      button.type = "button"
      button.textContent = entry[1]
      button.dataset.order = entry[0]
      button.setAttribute("aria-pressed", index === 0 ? "true" : "false")
      button.addEventListener("click", function () {
        sortList(list, items, entry[0])
        control.querySelectorAll("button").forEach(function (other) {
          other.setAttribute("aria-pressed", other === button ? "true" : "false")
        })
      })
      control.appendChild(button)
    })
    list.parentNode.insertBefore(control, list)
  })
})()
