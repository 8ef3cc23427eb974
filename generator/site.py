"""Read the whole content folder into a :class:`Site`: every digest, topic and note, then the links between them."""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from generator import site_paths
from generator.analyse.related import ComputedRelated, RelatedAnalysis
from generator.analyse.topics import assign_topics
from generator.analyse.vectors import DEFAULT_CACHE_FOLDER, PaperVectors, VectorCache, paper_vectors
from generator.errors import Problems
from generator.ids import ARXIV_VERSION, id_hash, paper_id, title_key
from generator.model import (
    Appearance,
    ByMeaning,
    Digest,
    ListedPaper,
    Note,
    Paper,
    PaperDetails,
    RelatedPapers,
    Site,
    Topic,
)
from generator.read.digests import DigestRecord, read_digest_folder
from generator.read.files import check_tree, files_below
from generator.read.listing import shorten
from generator.read.notes import load_notes, load_topic_notes
from generator.read.topics_file import load_topics


class TitleConflicts(NamedTuple):
    warnings: tuple[str, ...] = ()
    """Another paper given a known arXiv id: one of the two texts is on no page."""
    corrections: tuple[str, ...] = ()
    """A known arXiv id with a corrected title: said, never a failure."""
    unused_details: tuple[str, ...] = ()
    """Enrichment files whose records name papers no digest lists (the listing was edited):
    said, never a failure, since the details are simply not shown."""


@dataclass(frozen=True)
class FromDigests:
    """What the digests and topics.yml give (the costly part of :func:`load_site`): kept while
    neither changes, so that when `mkdocs serve` rebuilds after a note is edited, only the notes
    are read again, and the pages see the very same objects."""

    digests: tuple[Digest, ...]
    """Newest first."""
    papers: dict[str, Paper]
    conflicts: TitleConflicts
    """Listings merged into a paper under another title: warnings, and corrections (notices)."""
    topics: TopicsUsed
    assigned: dict[str, tuple[str, ...]]
    """Each paper's topics by the rules, before notes add or remove any."""
    related: RelatedPapers
    vectors: PaperVectors
    """Each paper's vector by meaning: related papers and topic placement read them."""


@dataclass
class SiteCache:
    """:class:`FromDigests` with the fingerprint of the files it was made from."""

    key: tuple = ()
    kept: FromDigests | None = None


def load_site(
    content: Path,
    cache: SiteCache | None = None,
    vector_cache: VectorCache | None = None,
    related: RelatedAnalysis | None = None,
) -> Site:
    """Read ``content/`` (digests, ``topics.yml``, notes). Raises ContentError listing every problem.

    ``cache`` keeps what the digests gave between calls (`mkdocs serve`); ``vector_cache`` keeps
    the papers' vectors by meaning between runs (by default in ``.cache/plugin/paper-digest/``
    beside the content folder); ``related``: the job that finds related papers, begun here once
    the papers are known and owned by the caller, which closes it (see RelatedAnalysis). Without
    one (`check`, `topics`), the site's papers have no related papers and nothing starts."""
    problems = Problems()
    digests_folder = checked_digests_folder(content, problems)
    key = sources_fingerprint(content) if cache is not None else ()
    kept = cache.kept if cache is not None and cache.key == key else None
    if related is not None and kept is None:
        related.reading(digests_folder)  # large digests: the worker starts while they are read
    records = [] if kept else read_digest_folder(digests_folder, content, problems)
    if not kept and not records and not problems:
        problems.add(f"{content.name}/{site_paths.DIGESTS_FOLDER}", 0, "holds no digest files")
    topics_file = content / site_paths.TOPICS_FILE
    written = load_topics(topics_file, content, problems) if topics_file.exists() and not kept else None
    notes = load_notes(content / site_paths.NOTES_FOLDER, content, problems)
    topic_notes = load_topic_notes(content / site_paths.TOPIC_NOTES_FOLDER, content, problems)
    problems.raise_if_any()
    if not kept:
        digests, papers, conflicts = merge_digests(records, problems)
        problems.raise_if_any()
        vector_cache = vector_cache or default_vector_cache(content)
        vectors = paper_vectors(papers, vector_cache)
        topics = (
            TopicsUsed(written.topics, (), by_meaning=written.by_meaning)
            if written is not None
            else suggested_topics(papers, vectors, content, vector_cache.folder, vector_cache.vectors)
        )
    else:
        topics = kept.topics
    check_notes_topics(notes, topics, content.name, problems)
    problems.raise_if_any()
    kept = kept or analysed(digests, papers, conflicts, topics, vectors, related)
    if cache is not None:
        cache.key, cache.kept = key, kept
    topics = kept.topics.topics
    papers = kept.papers
    notes, renamed = notes_by_current_id(notes, papers, content.name)
    topics_of = apply_note_topics(kept.assigned, notes, topics)
    return Site(
        digests=kept.digests,
        papers=papers,
        topics=topics,
        notes={paper_id: note for paper_id, note in notes.items() if paper_id in papers},
        topics_of=topics_of,
        papers_of={topic.id: tuple(p for p in papers if topic.id in topics_of[p]) for topic in topics},
        related=kept.related,
        topic_notes={topic_id: note for topic_id, note in topic_notes.items() if topic_id in topic_ids(topics)},
        warnings=kept.conflicts.warnings
        + tuple(orphan_warnings(notes, papers, content.name))
        + tuple(orphan_topic_note_warnings(topic_notes, topics, content.name)),
        notices=kept.topics.notices + kept.conflicts.corrections + kept.conflicts.unused_details + renamed,
        topics_suggested=kept.topics.suggested,
        vectors=kept.vectors,
        by_meaning=kept.topics.by_meaning,
    )


def read_papers(content: Path) -> dict[str, Paper]:
    """The digests' papers alone, merged as for a site (raises ContentError): all that
    suggesting topics needs, and never topics.yml, which may be the file being written."""
    problems = Problems()
    records = read_digest_folder(checked_digests_folder(content, problems), content, problems)
    if not records and not problems:
        problems.add(f"{content.name}/{site_paths.DIGESTS_FOLDER}", 0, "holds no digest files")
    problems.raise_if_any()
    _, papers, _ = merge_digests(records, problems)
    problems.raise_if_any()
    return papers


@dataclass(frozen=True)
class TopicsUsed:
    """The topics of a site: topics.yml's, or suggested from the digests when there is none."""

    topics: tuple[Topic, ...]
    notices: tuple[str, ...]
    suggested: bool = False
    by_meaning: ByMeaning = field(default_factory=ByMeaning)


def suggested_topics(
    papers: dict[str, Paper], vectors: PaperVectors, content: Path, memory: Path | None, embed=None
) -> TopicsUsed:
    # Imported here: with a topics.yml, a build never loads what suggesting needs.
    from generator.analyse.suggest import TooFewPapers, suggest_topics

    shown = f"{content.name}/{site_paths.TOPICS_FILE}"
    try:
        suggestion = suggest_topics(papers, vectors, memory=memory, embed=embed)
    except TooFewPapers as reason:
        return TopicsUsed(
            (),
            (f"{shown}: not found, and {reason}; every paper is listed under Unsorted (README, Topics)",),
        )
    notice = (
        f"{shown}: not found, so {len(suggestion.topics)} topics were suggested from the papers' titles and "
        f"abstracts; to adopt and edit them: python -m generator topics suggest > {shown} (README, Topics)"
    )
    return TopicsUsed(suggestion.topics, (notice,), suggested=True)


def checked_digests_folder(content: Path, problems: Problems) -> Path:
    """The digests folder, once nothing in the content folder is a pipe, a folder link or the
    like (raises ContentError otherwise: nothing may be walked or opened before)."""
    digests_folder = content / site_paths.DIGESTS_FOLDER
    check_tree(content, problems)
    if not digests_folder.is_dir() or digests_folder.is_symlink():
        problems.add(f"{content.name}/{site_paths.DIGESTS_FOLDER}", 0, "is missing: put at least one digest file there")
    problems.raise_if_any()
    return digests_folder


def merge_digests(
    records: list[DigestRecord], problems: Problems
) -> tuple[tuple[Digest, ...], dict[str, Paper], tuple[str, ...]]:
    """The digests newest first, their papers merged, and the merging's warnings."""
    records = sorted(records, key=lambda record: (record.date_key, record.id), reverse=True)
    papers, id_of, conflicts = merge_papers(records, problems)
    digests = tuple(make_digest(record, id_of) for record in records if not record.is_enrichment)
    return digests, papers, conflicts


def default_vector_cache(content: Path) -> VectorCache:
    return VectorCache(content.resolve().parent / DEFAULT_CACHE_FOLDER)


def analysed(
    digests, papers, conflicts, topics: TopicsUsed, vectors: PaperVectors, analysis: RelatedAnalysis | None
) -> FromDigests:
    # Related papers first: they are computed on the other core while topics are assigned and
    # pages rendered. A caller that shows none gets none (and no job).
    if analysis is None:
        related = ComputedRelated({paper_id: () for paper_id in papers})
    else:
        related = analysis.begin(papers, vectors)
    assigned = assign_topics(papers, topics.topics, vectors, topics.by_meaning)
    return FromDigests(digests, papers, conflicts, topics, assigned, related, vectors)


def sources_fingerprint(content: Path) -> tuple:
    """Name, size and modification time of every digest and of topics.yml: what the cache depends on."""
    sources = sorted(files_below(content / site_paths.DIGESTS_FOLDER))
    sources.append(content / site_paths.TOPICS_FILE)
    fingerprint = []
    for path in sources:
        try:
            status = path.stat()
        except OSError:
            fingerprint.append((str(path), None))
        else:
            fingerprint.append((str(path), status.st_size, status.st_mtime_ns))
    return tuple(fingerprint)


def merge_papers(
    digests: list[DigestRecord], problems: Problems
) -> tuple[dict[str, Paper], dict[tuple[str, int], str], TitleConflicts]:
    """One paper per arXiv id or normalised title, in reading order (newest digest first).

    Returns the papers, the paper id of each listing by (digest id, line), and a warning for
    each listing merged into a paper whose title is not its own (the same arXiv id given to
    different titles: a mistake a researcher must see, since that listing's text is on no page).
    """
    groups: dict[str, list[tuple[DigestRecord, ListedPaper]]] = {}
    group_of: dict[str, str] = {}  # "arxiv:<id>" and "title:<key>" -> group
    for record in digests:
        for listed in record.papers:
            keys = [f"title:{title_key(listed.title)}"]
            if listed.details.arxiv_id:
                keys.insert(0, "arxiv:" + ARXIV_VERSION.sub("", listed.details.arxiv_id))
            group = next((group_of[key] for key in keys if key in group_of), keys[-1])
            groups.setdefault(group, []).append((record, listed))
            for key in keys:
                group_of.setdefault(key, group)
    papers: dict[str, Paper] = {}
    id_of: dict[tuple[str, int], str] = {}
    conflicts: list[str] = []
    corrections: list[str] = []
    unused: dict[str, int] = {}
    for listings in groups.values():
        if all(record.is_enrichment for record, _ in listings):
            for record, _ in listings:
                unused[record.path] = unused.get(record.path, 0) + 1
            continue
        paper, shown_from = merge_listings(listings)
        if paper.id in papers:  # ids are hashes: should two ever collide, no page may hide another
            record, listed = listings[-1]
            problems.add(
                record.path, listed.line, f"{listed.title!r} has the same paper id as {papers[paper.id].title!r}"
            )
            continue
        papers[paper.id] = paper
        for correction, message in title_conflicts(listings, shown_from):
            (corrections if correction else conflicts).append(message)
        for record, listed in listings:
            id_of[(record.id, listed.line)] = paper.id
    unused_details = tuple(
        f"{path}: {count} record(s) name papers that no digest lists; their details are not shown "
        "(the next `fetch enrich` leaves them out)"
        for path, count in unused.items()
    )
    return papers, id_of, TitleConflicts(tuple(conflicts), tuple(corrections), unused_details)


def merge_listings(listings: list[tuple[DigestRecord, ListedPaper]]) -> tuple[Paper, tuple[DigestRecord, ListedPaper]]:
    """The paper, and the listing whose title and abstract it shows.

    The id comes from the oldest listing, so later digests never move a page (or its note);
    title, abstract and details come from the richest listing, newest first. An enrichment
    file's record adds details and text, never an id or an appearance: its paper keeps the id
    and address the listing gave it."""
    in_digests = [(record, listed) for record, listed in listings if not record.is_enrichment]
    oldest_title = in_digests[-1][1].title
    ranked = sorted(listings, key=lambda pair: -pair[1].details.richness())  # stable: newest first among equals
    details = PaperDetails()
    for _, listed in reversed(ranked):
        details = listed.details.merged_with(details)
    richest = ranked[0][1]
    appearances = tuple(Appearance(record.id, listed.line) for record, listed in in_digests)
    return Paper(paper_id(oldest_title), richest.title, richest.abstract, appearances, details), ranked[0]


def title_conflicts(listings: list[tuple[DigestRecord, ListedPaper]], shown_from: tuple[DigestRecord, ListedPaper]):
    """For each listing whose title differs from the one shown (they share an arXiv id): whether
    it is a correction (most words the same: "Gated Attention" and "Gated Attention for LLMs",
    as an upstream source corrects a title), said in a notice, or another paper given the same
    id (a warning: one of the two texts is on no page), and the message."""
    shown_record, shown_listing = shown_from
    differing = [
        (record, listed) for record, listed in listings if title_key(listed.title) != title_key(shown_listing.title)
    ]
    if not differing:
        return
    # Listings join one paper by arXiv id or by title, so one with another title shares an id.
    shared_id = next(
        ARXIV_VERSION.sub("", listed.details.arxiv_id) for _, listed in listings if listed.details.arxiv_id
    )
    for record, listed in differing:
        if is_correction(listed.title, shown_listing.title):
            yield (
                True,
                f"{record.path}:{listed.line}: the title of arXiv {shared_id} was corrected; the page shows "
                f"{shorten(shown_listing.title)!r} from {shown_record.path}:{shown_listing.line} "
                f"(the richest record, newest first), not {shorten(listed.title)!r}",
            )
            continue
        yield (
            False,
            (
                f"{record.path}:{listed.line}: arXiv id {shared_id} is also given to a different "
                f"title at {shown_record.path}:{shown_listing.line} ({shorten(listed.title)!r} here, "
                f"{shorten(shown_listing.title)!r} there); both are one page, which shows the title and abstract "
                "of the richest record (newest digest first among equals): correct the id or the title"
            ),
        )


CORRECTION_SHARE = 0.6


def is_correction(title: str, other: str) -> bool:
    """Whether two titles share most of their words (a corrected title, not another paper)."""
    words, others = set(title_key(title).split()), set(title_key(other).split())
    return len(words & others) >= CORRECTION_SHARE * len(words | others)


def make_digest(record: DigestRecord, id_of: dict[tuple[str, int], str]) -> Digest:
    ids = tuple(id_of[(record.id, listed.line)] for listed in record.papers)
    return Digest(record.id, record.path, record.date, record.date_key, ids, record.format)


def check_notes_topics(notes: dict[str, Note], topics: TopicsUsed, content_name: str, problems: Problems) -> None:
    known = {topic.id for topic in topics.topics}
    advice = (
        f"; the topics were suggested from the digests and their ids may change as digests come: adopt them "
        f"first (python -m generator topics suggest > {content_name}/{site_paths.TOPICS_FILE})"
        if topics.suggested
        else ""
    )
    for note in notes.values():
        for topic_id in note.add_topics + note.remove_topics:
            if topic_id not in known:
                problems.add(
                    f"{content_name}/{note.path}",
                    0,
                    f"`topics:` names {topic_id!r}, which is not a topic id; known: {', '.join(sorted(known))}{advice}",
                )


def apply_note_topics(
    topics_of: dict[str, tuple[str, ...]], notes: dict[str, Note], topics: tuple[Topic, ...]
) -> dict[str, tuple[str, ...]]:
    """Rules first, then each note's `topics: {add, remove}`; topics stay in the topics file's order."""
    adjusted = {}
    for identifier, topic_ids in topics_of.items():
        chosen = set(topic_ids)
        if note := notes.get(identifier):
            chosen = (chosen | set(note.add_topics)) - set(note.remove_topics)
        adjusted[identifier] = tuple(topic.id for topic in topics if topic.id in chosen)
    return adjusted


def notes_by_current_id(
    notes: dict[str, Note], papers: dict[str, Paper], content_name: str
) -> tuple[dict[str, Note], tuple[str, ...]]:
    """The notes by the id of their paper. A note named by an id its paper had before (the
    readable part of an id changed once, 2026-12: TeX command names left out) keeps its paper:
    the id's hash is the title's, so it names one paper still. The file is left as it is, with
    a notice saying how to rename it."""
    if all(identifier in papers for identifier in notes):
        return notes, ()  # every note named by its paper's id: nothing to look up
    by_hash: dict[str, list[str]] = {}
    for identifier in papers:
        if hashed := id_hash(identifier):
            by_hash.setdefault(hashed, []).append(identifier)
    current: dict[str, Note] = {}
    renamed = []
    for identifier, note in notes.items():
        matches = by_hash.get(id_hash(identifier) or "", [])
        if identifier not in papers and len(matches) == 1 and matches[0] not in notes:
            current[matches[0]] = dataclasses.replace(note, paper_id=matches[0])
            renamed.append(
                f"{content_name}/{note.path} is the note of {matches[0]!r}, whose address changed: rename it at "
                f"leisure with `git mv {content_name}/{note.path} {content_name}/notes/{matches[0]}.md`"
            )
        else:
            current[identifier] = note
    return current, tuple(renamed)


def orphan_warnings(notes: dict[str, Note], papers: dict[str, Paper], content_name: str):
    """A note whose paper is gone is kept, never deleted; the build warns until it is re-attached."""
    for identifier, note in notes.items():
        if identifier in papers:
            continue
        closest = difflib.get_close_matches(identifier, list(papers), n=1, cutoff=0.5)
        message = f"{content_name}/{note.path}: no paper has the id {identifier!r} (did its title change?)"
        if closest:
            title = papers[closest[0]].title
            message += (
                f"; the closest paper is {title!r}: re-attach the note with "
                f"`git mv {content_name}/{note.path} {content_name}/notes/{closest[0]}.md`"
            )
        yield message + f"; or remove it with `git rm {content_name}/{note.path}` if you no longer need it"


def topic_ids(topics: tuple[Topic, ...]) -> set[str]:
    return {topic.id for topic in topics}


def orphan_topic_note_warnings(topic_notes: dict, topics: tuple[Topic, ...], content_name: str):
    known = topic_ids(topics)
    for topic_id, note in topic_notes.items():
        if topic_id not in known:
            yield f"{content_name}/{note.path}: no topic has the id {topic_id!r}; known: {', '.join(sorted(known))}"
