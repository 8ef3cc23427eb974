"""Analysis of the whole site once it is read: topics for each paper, related papers."""
