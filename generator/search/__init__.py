"""Search: the built pages indexed by Pagefind, in parts a browser loads as a query needs them."""
