/*
 * Order a listing of papers by date, upvotes or title, in the reader's browser; "as listed" puts
 * it back. Each list item of a .paper-list carries its keys in a hidden span (data-date,
 * data-upvotes); the title is its first link's text. Without this script the list stays in its
 * own order, which the generator keeps deterministic. A listing in pages orders the page shown.
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

  document.querySelectorAll(".paper-list > ul").forEach(function (list) {
    var items = Array.prototype.slice.call(list.children)
    if (items.length < 2) return
    var control = document.createElement("p")
    control.className = "listing-order"
    control.appendChild(document.createTextNode("Order: "))
    ORDERS.forEach(function (entry, index) {
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
