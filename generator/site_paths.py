"""Where each generated page and file lives in the site, and what feeds them in the content
folder: the one place these paths are made.

The renderer, the exports, the templates (as ``paths``) and the MkDocs plugin all take them
from here, so a page moved here is moved everywhere.
"""

from __future__ import annotations

HOME = "index.md"
PAPERS_FOLDER = "papers"
TOPICS_INDEX = "topics/index.md"
UNSORTED = "topics/unsorted.md"
ALL_PAPERS = "all.md"
TAGS_INDEX = "tags/index.md"
"""Every paper, newest digest first, in pages of 100: all.md, all/2.md, ..."""
DIGESTS_INDEX = "digests/index.md"
FEED = "feed.xml"
PAPERS_JSON = "papers.json"

# In the content folder: what feeds the generated pages (and is not a page itself).
TOPICS_FILE = "topics.yml"
SOURCES_FILE = "sources.yml"
"""What `fetch sources` (the scheduled workflow) fetches."""
DIGESTS_FOLDER = "digests"
NOTES_FOLDER = "notes"
TOPIC_NOTES_FOLDER = "topics"
CONTENT_FOLDERS = (DIGESTS_FOLDER, NOTES_FOLDER, TOPIC_NOTES_FOLDER)
CONTENT_SOURCES = (*(f"{folder}/" for folder in CONTENT_FOLDERS), TOPICS_FILE, SOURCES_FILE)
"""Files in the content folder that feed generated pages and are not pages themselves; any other
file there is the user's own page or asset."""


def paper_path(paper_id: str) -> str:
    return f"{PAPERS_FOLDER}/{paper_id}.md"


def digest_path(digest_id: str) -> str:
    return f"digests/{digest_id}.md"


def topic_path(topic_id: str) -> str:
    return f"topics/{topic_id}.md"


def topic_bibtex_path(topic_id: str) -> str:
    return f"topics/{topic_id}.bib"


def reading_path(status: str) -> str:
    return f"reading/{status}.md"


def reading_bibtex_path(status: str) -> str:
    return f"reading/{status}.bib"


def tag_bibtex_path(slug: str) -> str:
    return f"tags/{slug}.bib"


def tag_path(slug: str) -> str:
    return f"tags/{slug}.md"


def topic_feed_path(topic_id: str) -> str:
    return f"topics/{topic_id}.xml"


def reading_feed_path(status: str) -> str:
    return f"reading/{status}.xml"


ARXIV_IDS_FOLDER = "arxiv"
"""Small JSON maps from arXiv ids to paper ids, by id prefix: how the 404 page sends an address
such as ``papers/2405.16537/`` (the one a Hugging Face reader guesses) to the paper."""


def arxiv_id_prefix(arxiv_id: str) -> str:
    """The map an id is in: ``2405.16537`` in ``2405.1``, ``hep-th/9901001`` in ``hep-th-9901``
    (overrides/404.html computes the same). A month of new ids is split ten ways, so a map stays
    small however busy the month."""
    if "/" in arxiv_id:
        archive, number = arxiv_id.split("/", 1)
        return f"{archive.replace('.', '-')}-{number[:4]}"
    return arxiv_id[:6]


def arxiv_ids_path(prefix: str) -> str:
    return f"{ARXIV_IDS_FOLDER}/{prefix}.json"
