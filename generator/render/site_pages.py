"""The site's page list: every generated page and export, in the order a build adds them, and
the pages of which a site has one (home, the topics, tags and digests indexes)."""

from __future__ import annotations

from generator import site_paths
from generator.model import Site
from generator.render.abstract import plain_text
from generator.render.context import STATUS_LABELS, PageMaker
from generator.render.environment import make_environment
from generator.render.escape import SafeMarkdown
from generator.render.exports import arxiv_id_maps, atom_feed, papers_json
from generator.render.generated import GeneratedPage, Settings
from generator.render.listings import Listings
from generator.render.paper_page import PaperPages

NEWEST_ON_HOME = 10


def render_site(site: Site, settings: Settings, cache: dict | None = None) -> list[GeneratedPage]:
    """Every generated page. ``cache`` (a dict kept between calls, as `mkdocs serve` does) holds
    the paper pages with what they were made from: a page whose inputs are unchanged is reused."""
    maker = PageMaker(site, settings, make_environment(settings.templates))
    listings, papers = Listings(maker), PaperPages(maker, cache)
    pages = [home(maker), topic_overview(maker), *listings.unsorted(), *listings.all_papers()]
    pages += [page for status in STATUS_LABELS for page in listings.reading_list(status)]
    pages += [listings.reading_bibtex(status) for status in STATUS_LABELS]
    pages += [page for topic in site.topics for page in listings.topic(topic)]
    pages += [listings.topic_bibtex(topic) for topic in site.topics]
    pages += [digests_index(maker)] + [page for digest in site.digests for page in listings.digest(digest)]
    pages += [tags_index(maker)] + [page for tag in maker.tags.values() for page in listings.tag(tag)]
    pages += [listings.tag_bibtex(tag) for tag in maker.tags.values()]
    # The exports and, while related papers are computed on the other core, the rest of each
    # paper's page: made before the first wait for them.
    exports = site_exports(site, settings)
    if not site.related.ready():
        papers.render_all_but_related(site.related)
        site.related.use_every_core()  # what is left here is to fill in their related papers
    pages += [papers.page(paper) for paper in site.papers.values()]
    if cache is not None:
        for gone in cache.keys() - site.papers.keys():  # papers no digest lists any more
            del cache[gone]
    return pages + exports


def site_exports(site: Site, settings: Settings) -> list[GeneratedPage]:
    """The site's Atom feeds (all papers, each topic, each reading list) and papers.json."""
    name, url = settings.site_name, settings.site_url
    return [
        GeneratedPage(site_paths.FEED, atom_feed(site, url, name)),
        *(
            GeneratedPage(
                site_paths.topic_feed_path(topic.id),
                atom_feed(
                    site,
                    url,
                    name,
                    f"{name}: {plain_text(topic.title)}",
                    site_paths.topic_feed_path(topic.id),
                    site.papers_of[topic.id],
                ),
            )
            for topic in site.topics
        ),
        *(
            GeneratedPage(
                site_paths.reading_feed_path(status),
                atom_feed(
                    site,
                    url,
                    name,
                    f"{name}: {label}",
                    site_paths.reading_feed_path(status),
                    site.paper_ids_with_status(status),
                ),
            )
            for status, label in STATUS_LABELS.items()
        ),
        GeneratedPage(site_paths.PAPERS_JSON, papers_json(site, url)),
        *(GeneratedPage(path, text) for path, text in arxiv_id_maps(site).items()),
    ]


def home(maker: PageMaker) -> GeneratedPage:
    site = maker.site
    newest = site.digests[0] if site.digests else None
    newest_papers = [site.papers[i] for i in newest.paper_ids[:NEWEST_ON_HOME]] if newest else []
    return maker.render(
        "home.md.j2",
        site_paths.HOME,
        newest=newest,
        newest_day=SafeMarkdown(newest.iso_day) if newest and newest.iso_day else None,  # digits: fit for an attribute
        newest_papers=newest_papers,
        description_summary=maker.description_summary,
    )


def topic_overview(maker: PageMaker) -> GeneratedPage:
    return maker.render(
        "topics.md.j2", site_paths.TOPICS_INDEX, maker.topics_file(), description_summary=maker.description_summary
    )


def tags_index(maker: PageMaker) -> GeneratedPage:
    return maker.render("tags.md.j2", site_paths.TAGS_INDEX, tags=list(maker.tags.values()))


def digests_index(maker: PageMaker) -> GeneratedPage:
    return maker.render("digests.md.j2", site_paths.DIGESTS_INDEX)
