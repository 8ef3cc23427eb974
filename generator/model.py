"""The small typed model every stage shares: papers, digests, topics, notes and the whole site."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol


@dataclass(frozen=True)
class Appearance:
    """A paper's listing in one digest: which digest and where in the file."""

    digest_id: str
    line: int


@dataclass(frozen=True)
class PaperDetails:
    """What structured sources know beyond title and abstract (all untrusted, all optional)."""

    arxiv_id: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    """ISO date (YYYY-MM-DD) the paper was published."""
    year: int | None = None
    """The year published, when a library entry gives no day (BibTeX's `year`)."""
    doi: str | None = None
    upvotes: int | None = None
    code_url: str | None = None
    project_url: str | None = None
    url: str | None = None
    ai_summary: str | None = None
    keywords: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    def merged_with(self, poorer: PaperDetails) -> PaperDetails:
        """Each field from self when known, else from ``poorer``: richer sources win."""
        values = {name: getattr(self, name) or getattr(poorer, name) for name in self.__dataclass_fields__}
        if self.upvotes is not None or poorer.upvotes is not None:
            values["upvotes"] = max(value for value in (self.upvotes, poorer.upvotes) if value is not None)
        return PaperDetails(**values)

    def richness(self) -> int:
        return sum(1 for name in self.__dataclass_fields__ if getattr(self, name) not in (None, ()))


@dataclass(frozen=True)
class ListedPaper:
    """A paper as one digest lists it, before papers from several digests are merged."""

    title: str
    abstract: str
    line: int
    """Where the record starts in its file (the title's line in listing text)."""
    details: PaperDetails = PaperDetails()


@dataclass(frozen=True)
class Paper:
    id: str
    """Derived from the normalised title by :func:`generator.ids.paper_id`; also the page name."""
    title: str
    abstract: str
    """Untrusted text; paragraphs separated by blank lines."""
    appearances: tuple[Appearance, ...]
    """Every digest the paper was listed in, newest digest first."""
    details: PaperDetails = PaperDetails()


@dataclass(frozen=True)
class Digest:
    id: str
    """The file name without extension, made safe for URLs."""
    path: str
    """The file, relative to the content folder, for messages."""
    date: str | None
    """The date line as the listing printed it (``Mar 12``), or None when it had none."""
    date_key: tuple[int, int, int]
    """(year or 0, month, day) for ordering digests newest first."""
    paper_ids: tuple[str, ...]
    """Papers in the order the digest listed them."""
    format: str = "listing"
    """Which reader read it: ``listing``, ``hf-api``, ``jsonl``, ``bibtex`` or ``csl-json``."""

    @property
    def iso_day(self) -> str | None:
        """YYYY-MM-DD when the year is known (from the file name or the source), else None."""
        year, month, day = self.date_key
        return f"{year:04d}-{month:02d}-{day:02d}" if year and month and day else None

    @property
    def day(self) -> str | None:
        """The date as every page shows it: :attr:`iso_day`, else as the listing printed it (``Mar 12``)."""
        return self.iso_day or self.date


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    description: str
    """The researcher's markdown (trusted)."""
    match: tuple[str, ...] = ()
    """Phrases that place a paper in the topic when found in its title or abstract."""
    match_title: tuple[str, ...] = ()
    """Phrases that count only when found in the title."""
    exclude: tuple[str, ...] = ()
    """Phrases that keep a paper out of the topic."""
    min_mentions: int = 1
    """How many times `match` phrases must occur in the abstract when none is in the title."""


@dataclass(frozen=True)
class ByMeaning:
    """Where a paper that no phrase of any topic places goes: to the topic closest to it in
    meaning (the centre of the papers that topic's phrases place), if it is at least
    ``threshold`` similar to it, ``margin`` closer to it than to the next, and at least
    ``neighbours`` of its NEIGHBOURHOOD closest papers are placed there by a phrase; else
    Unsorted. Set under ``by_meaning:`` in topics.yml (see analyse.topics.MeaningPlacer; the
    defaults are measured in benchmarks/README.md, Curation)."""

    enabled: bool = True
    threshold: float = 0.45
    """Cosine similarity of the paper's vector to the topic's centre."""
    margin: float = 0.03
    neighbours: int = 4
    """Of the paper's NEIGHBOURHOOD closest papers, how many the topic's phrases must place: a
    centre sits between its papers, so a paper about something else can be close to it."""


NEIGHBOURHOOD = 10


@dataclass(frozen=True)
class Note:
    """The researcher's own notes on one paper (trusted markdown)."""

    paper_id: str
    path: str
    """Relative to the content folder, e.g. ``notes/<paper-id>.md``."""
    body: str
    add_topics: tuple[str, ...] = ()
    remove_topics: tuple[str, ...] = ()
    status: str | None = None
    rating: int | None = None
    tldr: str | None = None
    tags: tuple[str, ...] = ()
    seen_abstract: str | None = None
    """Fingerprint of the abstract the notes were written against (see ``ids.text_fingerprint``)."""


@dataclass(frozen=True)
class TopicNote:
    """The researcher's introduction to a topic: ``content/topics/<topic-id>.md`` (trusted markdown)."""

    topic_id: str
    path: str
    body: str


class RelatedPaper(NamedTuple):
    """A named tuple, not a dataclass: every paper's related papers come back from the worker
    process pickled, and tuples are rebuilt many times faster than dataclass instances."""

    paper_id: str
    score: float
    shared_terms: tuple[str, ...]
    """The terms that contribute most to the similarity, so a reader sees why."""


class RelatedPapers(Protocol):
    """Each paper's related papers (see :mod:`generator.analyse.related`): ``of`` waits for
    them if they are still being computed elsewhere; ``ready`` says whether it would."""

    def ready(self) -> bool: ...

    def of(self, paper_id: str) -> tuple[RelatedPaper, ...]: ...

    def as_dict(self) -> dict[str, tuple[RelatedPaper, ...]]: ...

    def use_every_core(self) -> None: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class Site:
    """Everything known before any page is rendered (cross-page listings need it all)."""

    digests: tuple[Digest, ...]
    """Newest first."""
    papers: dict[str, Paper]
    """By id, in reading order: newest digest first, then the digest's own order."""
    topics: tuple[Topic, ...]
    notes: dict[str, Note]
    topics_of: dict[str, tuple[str, ...]]
    """Topic ids of each paper, in the order of the topics file."""
    papers_of: dict[str, tuple[str, ...]]
    """Paper ids of each topic, in reading order."""
    related: RelatedPapers
    """Related papers of each paper: computed, or still being computed in another process."""
    topic_notes: dict[str, TopicNote] = field(default_factory=dict)
    warnings: tuple[str, ...] = field(default=())
    """Problems that do not stop a build but must be seen (``--strict`` turns them into errors)."""
    notices: tuple[str, ...] = field(default=())
    """What a user should know about how the content was read, though nothing is wrong."""
    topics_suggested: bool = False
    """The topics were suggested from the digests (there is no topics.yml)."""
    vectors: Any = None
    """Each paper's vector by meaning (analyse.vectors.PaperVectors), which placed some papers."""
    by_meaning: ByMeaning = field(default_factory=lambda: ByMeaning())
    """How papers no phrase places were placed by meaning."""

    def unsorted_paper_ids(self) -> tuple[str, ...]:
        return tuple(paper_id for paper_id in self.papers if not self.topics_of[paper_id])

    def status_of(self, paper_id: str) -> str | None:
        note = self.notes.get(paper_id)
        return note.status if note else None

    def paper_ids_with_status(self, status: str) -> tuple[str, ...]:
        return tuple(paper_id for paper_id in self.papers if self.status_of(paper_id) == status)
