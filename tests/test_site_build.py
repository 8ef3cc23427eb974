"""The reference site built by the real `mkdocs build --strict`: pages, navigation, search index."""

import re
from html import unescape

from conftest import REPO, article, make_project, mkdocs_build, parse_html, visible_text

from generator.ids import paper_id

TITLES = (REPO / "tests/fixtures/reference-titles.txt").read_text(encoding="utf-8").splitlines()


def paper_html(build, title: str) -> str:
    return build.html(f"papers/{paper_id(title)}/index.html")


def test_every_paper_has_a_page_with_its_title(reference_build):
    assert "WARNING" not in reference_build.output
    for title in TITLES:
        html = paper_html(reference_build, title)
        heading = re.search(r"<h1[^>]*>(.*?)<a class=\"headerlink\"", html, re.DOTALL)[1]
        # A title's math is shown as math ("BT^2" with a raised 2), its text as typed.
        assert visible_text(heading) == title or ("<math" in heading and "^" in title)
        assert html_title(html) == f"{title} - Paper digest"


def html_title(html: str) -> str:
    return unescape(re.search(r"<title>(.*?)</title>", html, re.DOTALL)[1])


def test_page_count(reference_build):
    pages = sorted(
        path.relative_to(reference_build.site).as_posix() for path in reference_build.site.rglob("index.html")
    )
    # papers, topics, home + overview + unsorted + all papers, reading lists, digests, tags
    assert len(pages) == 57 + 14 + 4 + 3 + 2 + 3


def test_s4_page_renders_math_links_topics_related_and_lookups(reference_build):
    html = article(paper_html(reference_build, "Efficiently Modeling Long Sequences with Structured State Spaces"))
    parsed = parse_html(html)
    tags = [tag for tag, _ in parsed.tags]
    assert tags.count("math") == 3
    text = visible_text(html)
    assert "60× faster" in text and "91% accuracy" in text
    hrefs = [attributes.get("href", "") for tag, attributes in parsed.tags if tag == "a"]
    assert "../../topics/state-space-models/" in hrefs
    related = re.search(r'<h2 id="related-papers">.*?</ol>', html, re.DOTALL)[0]
    assert related.count("<li>") == 5 and "shares" in related
    for site in ("arxiv.org/search", "huggingface.co/papers", "semanticscholar.org/search", "scholar.google.com"):
        assert any(site in href for href in hrefs), site
    assert "No notes yet" not in text and "Notes" not in text  # no note: no section, and no instructions


def test_the_published_site_says_nothing_of_the_repository_and_the_preview_does(reference_build, tmp_path):
    """Writer-facing text (note files, commands) is for `mkdocs serve` or `writer_notes: true`."""
    for page in sorted(reference_build.site.rglob("*.html")):
        text = visible_text(article(page.read_text(encoding="utf-8"))) if "<article" in page.read_text() else ""
        assert "python -m generator" not in text and "content/" not in text, page
    unsorted = article(reference_build.html("topics/unsorted/index.html"))
    assert "<p><strong>0 papers</strong></p>" in unsorted  # its own paragraph, with or without the instructions
    project = make_project(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - paper-digest\n", "  - paper-digest:\n      writer_notes: true\n"))
    build = mkdocs_build(project)
    assert build.returncode == 0, build.output
    paper = visible_text(
        article(build.html("papers/lmuformer-low-complexity-yet-powerful-spiking-39e09f98/index.html"))
    )
    assert "No notes yet" in paper and "python -m generator note" in paper and "content/notes/" in paper
    assert "content/digests/2026-03-12-hf-papers.txt" in build.html("digests/2026-03-12-hf-papers/index.html")


def test_code_repository_link_is_shown(reference_build):
    html = article(
        paper_html(reference_build, "LMUFormer: Low Complexity Yet Powerful Spiking Model With Legendre Memory Units")
    )
    assert '<a class="md-button" href="https://github.com/zeyuliu1037/LMUFormer">' in html
    assert 'href="https://github.com/zeyuliu1037/LMUFormer.git"' in html


def test_topic_pages_list_their_papers_with_summaries(reference_build, reference_site):
    for topic in reference_site.topics:
        html = article(reference_build.html(f"topics/{topic.id}/index.html"))
        links = re.findall(r'href="\.\./\.\./papers/([^/"]+)/"', html)
        assert links == list(reference_site.papers_of[topic.id]), topic.id
        assert f"{len(links)} paper" in visible_text(html)
    overview = visible_text(article(reference_build.html("topics/index.html")))
    assert "57 papers in 14 topics" in overview and "Every paper is in at least one topic" in overview


def test_home_page_tells_what_the_site_is(reference_build):
    text = visible_text(article(reference_build.html("index.html")))
    assert "A reading list of 57 papers from 1 digest, sorted into 14 topics" in text
    assert "The latest digest is from 2026-03-12" in text
    assert "Newest papers" in text and "RP-DNN: A Tweet level propagation" in text


def primary_nav(html: str) -> str:
    return re.search(r'<nav class="md-nav md-nav--primary".*?</nav>\s*</div>', html, re.DOTALL)[0]


def test_navigation_lists_topics_not_papers(reference_build):
    home = primary_nav(reference_build.html("index.html"))
    # Pruned: the home page links the sections; a topic page lists every topic.
    assert "papers/" not in home and "State space models" not in home
    assert all(section in home for section in ("Topics", "Reading list", "Digests"))
    topic = primary_nav(reference_build.html("topics/state-space-models/index.html"))
    assert "papers/" not in topic
    assert "State space models" in topic and "Unsorted" in topic and "Recurrent neural networks" in topic
    sizes = [len((reference_build.site / f"papers/{paper_id(t)}/index.html").read_bytes()) for t in TITLES]
    assert max(sizes) < 40_000  # a paper page carries its own content, not a list of every paper


def test_search_index_has_every_title_abstract_and_topic(reference_build, reference_site):
    docs = reference_build.search_index()
    by_location = {doc["location"]: doc for doc in docs}
    for paper in reference_site.papers.values():
        doc = by_location[f"papers/{paper.id}/"]
        assert doc["title"] == paper.title
        assert "abstract" in doc["anchors"] and " ".join(paper.abstract.split()[:8]) in doc["text"]
        # Search finds a paper by its own words: the related papers and the citation are not indexed.
        assert "Related papers" not in doc["text"] and "@misc" not in doc["text"]
    for topic in reference_site.topics:
        assert by_location[f"topics/{topic.id}/"]["title"] == topic.title
    assert len(docs) == len(list(reference_build.site.rglob("index.html")))  # every page, not 404.html


def test_no_request_leaves_the_site(reference_build):
    for page in reference_build.site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for tag, attributes in parse_html(html).tags:
            if tag in ("script", "img", "iframe") or (
                tag == "link" and attributes.get("rel") in ("stylesheet", "preload", "preconnect")
            ):
                source = attributes.get("src") or attributes.get("href") or ""
                assert not re.match(r"(https?:)?//", source), (page, tag, source)
        assert "fonts.googleapis" not in html and "cdn.jsdelivr" not in html
        assert 'data-md-component="source"' not in html  # Material would fetch repository stats from GitHub


def test_starting_your_own_site_as_the_readme_says(tmp_path):
    """Replacing the shipped digest: the example note is named with how to remove it, and once
    the README's commands are run the strict build passes."""
    project = make_project(tmp_path)
    content = project / "content"
    (content / "digests" / "2026-03-12-hf-papers.txt").unlink()
    own = "Nov 30\n\nCoral reef resilience under heat stress\n\nWe survey bleaching events across reefs.\n"
    (content / "digests" / "2026-11-30-my-field.txt").write_text(own, encoding="utf-8")
    kept_note = mkdocs_build(project)
    assert kept_note.returncode == 1
    assert "or remove it with `git rm content/notes/pointer-networks-0f1b28e2.md`" in kept_note.output
    (content / "notes" / "pointer-networks-0f1b28e2.md").unlink()
    build = mkdocs_build(project)
    assert build.returncode == 0, build.output
    assert "Coral reef resilience under heat stress" in build.html("index.html")


def test_a_digests_page_does_not_say_listed_that_day_under_each_title(reference_build):
    digest = visible_text(article(reference_build.html("digests/2026-03-12-hf-papers/index.html")))
    assert "listed 2026-03-12" not in digest and "Digest of" in digest
    everything = visible_text(article(reference_build.html("all/index.html")))
    assert everything.count("listed 2026-03-12") >= 50  # elsewhere the day is the only date a listing has


def test_the_home_page_has_no_unsorted_card_when_every_paper_is_sorted(reference_build):
    home = visible_text(article(reference_build.html("index.html")))
    assert "papers that match no topic" not in home and "Unsorted" not in home
