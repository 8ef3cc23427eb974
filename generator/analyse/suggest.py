"""Topics suggested from the digests themselves, for a field no topics.yml was written for.

1. **Group** the papers: TF-IDF of title and abstract reduced by LSA (truncated SVD), grouped by
   Ward's clustering and k-means (:func:`lsa_groups`); then the groups are refined until each
   paper is in the group its own terms score highest (:func:`refined_groups`), so that the
   ``fallback_terms`` rule reproduces them.
2. **Describe** each group as topics.yml does: ``match`` phrases chosen so that the phrase rules
   themselves place its papers (:func:`chosen_phrases`), ``fallback_terms`` for the papers no
   phrase catches, and a title and description from the phrases its titles use most.

What was measured against what (k-means on TF-IDF alone, NMF, LSA without refinement, phrases
without fallback) is in benchmarks/README.md, Topic suggestions. Everything is deterministic:
papers in id order, fixed seeds, ties broken by position or text.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import warnings
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from generator.analyse.similarity import STOP_WORD_SET, count_terms, paper_text
from generator.analyse.topics import counted_words, fallback_forms, without_tex_commands
from generator.errors import UserError
from generator.model import Paper, Topic
from generator.phrases import phrase_pattern
from generator.read.topics_file import RESERVED_TOPIC_IDS

FEWEST_PAPERS = 12
"""Below this there is too little text to tell groups apart: the site lists papers on one page."""
FEWEST_TOPICS, MOST_TOPICS = 6, 20
PAPERS_PER_TOPIC = 50
SMALLEST_TOPIC = 6
"""Papers per topic at the least, on average: 18 papers make 3 topics, not 6 of 3 papers."""
"""The default number of topics: one per this many papers, within the bounds above."""
LSA_DIMENSIONS = 100
WARD_SAMPLE = 4000
REFINING_ROUNDS = 20
MOST_PHRASES = 12
LEAST_PRECISION = 0.7
"""A phrase joins a topic's rules only if this share of the papers it matches are the topic's own."""
LEAST_GAIN = 0.02
"""...and it places at least this share of the topic's papers more than it misplaces (or two papers)."""
MOST_PAPERS_WITH_PHRASE = 0.25
PAIR_SHARE, FEW_TITLES = 0.8, 5
"""A single-word title gets a second phrase ("Stars and planets") if that names the group about
as well, or if the word is in fewer than FEW_TITLES titles (little to go on, as in a small
digest): a weaker second phrase changes as papers come (benchmarks/README.md, stability)."""
COMPLETING_SHARE = 0.6
"""A title phrase is completed by a longer one found in this share of the titles that hold it."""
FALLBACK_TERM_COUNT = 100
"""Terms per topic in ``fallback_terms``: more place papers closer to the groups (benchmarks/README.md)."""
SEED = 0
STOP_WORDS = STOP_WORD_SET | frozenset(
    "let prove proved obtain obtained study studied studies consider considered given recent recently "
    "provide provides provided discuss discussed investigate investigated find finds found derive derived "
    "allow allows allowing able known furthermore moreover however thus also various via respectively "
    "several paper article first second one two three et al".split()
)
"""Words no phrase starts or ends with: English stop words and the prose of papers ("let", "we prove")."""
RESEARCH_PROSE = frozenset(
    """about addition all also an analysis and any approach are as associated at based be been between both
but by can case cases considered corresponding defined density derive derived describe different
dimensional discuss due dynamics energy even field fields finally find first for form free from
function general generated give given has have here how however if in independent into investigate
is it its large like long many may method model models more most new non not number obtain obtained
of on one only or order other our out paper particular point possible present problem properties
recent recently related result results same second set several show shown single so some space state
strong structure study such system than that the their them then theory there these they this those
three through time times to two type under use used using value various via way we well when where
which while with within""".split()
)
"""Words every field's abstracts use (printed by benchmarks/research_prose.py): never a topic's
name or one of its phrases alone ("Energy", "Model"), though inside one ("dark energy") they are."""


class TooFewPapers(UserError):
    """Fewer than FEWEST_PAPERS papers: the message says so."""


@dataclass(frozen=True)
class Suggestion:
    topics: tuple[Topic, ...]
    """Largest group first, as a topics.yml lists them."""
    group_of: dict[str, str]
    """The topic id of each paper's group (which the rules reproduce for most papers)."""


def default_topic_count(paper_count: int) -> int:
    return max(FEWEST_TOPICS, min(MOST_TOPICS, round(paper_count / PAPERS_PER_TOPIC)))


def suggest_topics(papers: Mapping[str, Paper], count: int | None = None) -> Suggestion:
    """Topics for ``papers``: ``count`` of them, or by the number of papers."""
    if len(papers) < FEWEST_PAPERS:
        raise TooFewPapers(
            f"{len(papers)} paper(s) are too few to suggest topics from: at least {FEWEST_PAPERS} are needed"
        )
    ids = sorted(papers)
    listed = [papers[paper_id] for paper_id in ids]
    count = max(2, min(count or default_topic_count(len(ids)), len(ids) // SMALLEST_TOPIC))
    terms = TermCounts(listed)
    groups, weights = refined_groups(terms, lsa_groups(listed, count))
    phrases = PhraseTable(listed)
    order = sorted(range(count), key=lambda group: (-int(np.sum(groups == group)), group))
    topics, used_titles, topic_of_group = [], set(), {}
    for group in order:
        members = groups == group
        if not members.any():
            continue
        topic = describe_group(members, phrases, listed, terms, weights[group], used_titles)
        topic = dataclasses.replace(topic, id=unique_id(topic.id, {topic.id for topic in topics}))
        topics.append(topic)
        topic_of_group[group] = topic.id
    return Suggestion(tuple(topics), {paper_id: topic_of_group[int(groups[row])] for row, paper_id in enumerate(ids)})


def lsa_groups(papers: Sequence[Paper], count: int) -> np.ndarray:
    """Groups of the papers' LSA vectors (TF-IDF of terms and word pairs, as for related papers):
    Ward's agglomerative clustering, refined by k-means from its groups' centres. Ward needs no
    random start, so a few more papers move few papers between groups (benchmarks/README.md)."""
    from sklearn.cluster import AgglomerativeClustering, KMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.feature_extraction.text import TfidfTransformer
    from sklearn.preprocessing import normalize

    counts, names = count_terms([paper_text(paper) for paper in papers])
    if len(names) <= count:  # too few shared terms to reduce: the papers in reading order
        return np.arange(len(papers)) * count // len(papers)
    vectors = TfidfTransformer(sublinear_tf=True).fit_transform(counts.astype(np.float64))
    dimensions = min(LSA_DIMENSIONS, len(names) - 1, len(papers) - 1)
    # ARPACK: the exact singular vectors, and sooner than the randomized default on large sites.
    reduced = normalize(TruncatedSVD(dimensions, algorithm="arpack", random_state=SEED).fit_transform(vectors))
    sample = ward_sample([paper.id for paper in papers])
    ward = AgglomerativeClustering(count, linkage="ward").fit_predict(reduced[sample])
    centres = np.array([reduced[sample][ward == group].mean(axis=0) for group in range(count)])
    with warnings.catch_warnings():
        # Papers repeated word for word make fewer distinct groups than asked: the empty ones
        # are left out (suggest_topics), which is all scikit-learn's warning would advise.
        warnings.simplefilter("ignore", ConvergenceWarning)
        return KMeans(count, init=centres, n_init=1).fit_predict(reduced)


def ward_sample(ids: list[str]) -> np.ndarray:
    """The rows Ward's clustering starts from: all, or WARD_SAMPLE of them chosen by a hash of
    their ids (Ward's time grows with the square of the papers). Chosen by id, new papers change
    the sample by about their share of it."""
    if len(ids) <= WARD_SAMPLE:
        return np.arange(len(ids))
    keys = [hashlib.blake2b(paper_id.encode(), digest_size=8).digest() for paper_id in ids]
    return np.sort(np.array(sorted(range(len(ids)), key=keys.__getitem__)[:WARD_SAMPLE]))


class TermCounts:
    """How often each word (its plural folded in) occurs in each paper, the title counted twice,
    as the ``fallback_terms`` rule counts them (see :func:`generator.analyse.topics.counted_words`)."""

    def __init__(self, papers: Sequence[Paper]) -> None:
        counted = [counted_words(paper) for paper in papers]
        papers_with = Counter(word for words in counted for word in words)
        candidates = singular_terms(
            {
                word: number
                for word, number in papers_with.items()
                if number >= 2 and len(word) > 1 and not word.isdigit() and word not in STOP_WORDS
            }
        )
        column = {word: place for place, word in enumerate(candidates)}
        rows, columns, values = [], [], []
        for row, words in enumerate(counted):
            for word, number in words.items():
                for term in fallback_forms(word):  # "models" counts for "model" and "models"
                    if term in column:
                        rows.append(row)
                        columns.append(column[term])
                        values.append(number)
        matrix = sparse.csr_matrix((values, (rows, columns)), shape=(len(papers), len(candidates)), dtype=np.float64)
        matrix.sum_duplicates()
        in_papers = np.bincount(matrix.indices, minlength=len(candidates))
        self.terms = candidates
        self.idf = np.log(len(papers) / np.maximum(in_papers, 1))
        # Scores are sums of weight * (1 + log count): a word said ten times is not ten times the topic.
        self.scaled = matrix.copy()
        self.scaled.data = 1 + np.log(self.scaled.data)


def singular_terms(papers_with: dict[str, int]) -> list[str]:
    """The words, sorted, without plurals whose singular counts them already ("graphs" for
    "graph"); but where the "singular" is rare beside the plural it is another word ("ga" beside
    "gas"), and the plural is kept instead."""
    dropped = set()
    for word, number in papers_with.items():
        for ending in PLURAL_ENDINGS:
            plural = word + ending
            if plural in papers_with:
                dropped.add(plural if number * 3 >= papers_with[plural] else word)
    return sorted(set(papers_with) - dropped)


PLURAL_ENDINGS = ("s", "es")


def refined_groups(terms: TermCounts, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Groups in which every paper scores highest for its own group by the fallback rule, and
    each group's term weights: alternately weigh each group's terms (the mean of its papers'
    TF-IDF vectors, its best FALLBACK_TERM_COUNT kept) and move each paper to its best group."""
    from sklearn.preprocessing import normalize

    count = int(groups.max()) + 1
    vectors = normalize(terms.scaled.multiply(terms.idf).tocsr())
    weights = np.zeros((count, len(terms.terms)))
    for _ in range(REFINING_ROUNDS):
        weights = group_weights(vectors, groups, count) * terms.idf
        scores = np.asarray(terms.scaled @ weights.T)
        moved = np.where(scores.max(axis=1) > 0, scores.argmax(axis=1), groups)
        if np.array_equal(moved, groups):
            break
        groups = moved
    return groups, rounded_weights(weights)


def group_weights(vectors: sparse.csr_matrix, groups: np.ndarray, count: int) -> np.ndarray:
    weights = np.zeros((count, vectors.shape[1]))
    for group in range(count):
        members = groups == group
        if not members.any():
            continue
        mean = np.asarray(vectors[members].mean(axis=0)).ravel()
        best = np.argsort(-mean, kind="stable")[:FALLBACK_TERM_COUNT]
        weights[group, best] = mean[best]
    return weights


def rounded_weights(weights: np.ndarray) -> np.ndarray:
    """Weights on one scale for all topics (scores are compared across topics), the largest
    100, to one decimal: short to read in topics.yml, and what the site uses is what it shows."""
    largest = weights.max()
    if largest <= 0:
        return weights
    return np.round(weights * (100 / largest), 1)


PIECE = re.compile(r"([^\W_]+)(-?)|[^\w\s-]")
"""A word (and whether a hyphen follows it), or a mark that ends a phrase (a phrase's words are
separated by spaces or hyphens)."""


def phrase_words(text: str) -> list[str]:
    """The words of a text for phrases, lowercased, and the marks that end phrases. A stop word
    joined to the next by a hyphen keeps it ("few-", "in-", "self-"): "few-shot learning" and
    "in-context learning" are phrases, though "few" and "in" never start one."""
    words = []
    after_hyphen = False
    for match in PIECE.finditer(without_tex_commands(text).lower()):
        word, hyphen = match.group(1), match.group(2)
        if word is None:
            words.append(match.group())
        else:  # "to" in "text-to-image" is inside a word, and starts no phrase
            words.append(word + "-" if hyphen and not after_hyphen and word in STOP_WORDS else word)
        after_hyphen = bool(hyphen)
    return words


class PhraseTable:
    """Which papers each phrase of one to three words would place (in the title, or in the abstract
    at least once): phrases neither starting nor ending with a stop word, in at least three papers."""

    def __init__(self, papers: Sequence[Paper]) -> None:
        titles = [phrase_words(paper.title) for paper in papers]
        abstracts = [phrase_words(paper.abstract) for paper in papers]
        seen = Counter(word for text in titles + abstracts for word in set(text))
        self.singular = {word: singular_of(word, seen) for word in sorted(seen)}
        self.words = sorted(set(self.singular.values()))
        self.number = number = {word: place for place, word in enumerate(self.words)}
        ends_phrase = np.array([not word[0].isalnum() for word in self.words], dtype=bool)
        # "few-" ends no phrase: its word follows.
        self.no_end = np.array([word.endswith("-") for word in self.words], dtype=bool)
        no_edge = ends_phrase | np.array([is_filler(word) for word in self.words], dtype=bool)
        self.size = len(self.words)
        coded = [self.phrase_codes(text, number, ends_phrase, no_edge) for text in titles + abstracts]
        codes, columns = np.unique(np.concatenate(coded) if coded else np.zeros(0, np.int64), return_inverse=True)
        columns = columns.reshape(-1)
        lengths = [len(codes_of_text) for codes_of_text in coded]
        in_titles = sum(lengths[: len(papers)])
        rows = np.repeat(np.arange(len(coded)) % len(papers), lengths)
        shape = (len(papers), len(codes))
        in_title = sparse.csr_matrix(
            (np.ones(in_titles, dtype=bool), (rows[:in_titles], columns[:in_titles])), shape=shape
        )
        placed = sparse.csr_matrix((np.ones(len(rows), dtype=bool), (rows, columns)), shape=shape)
        in_papers = np.asarray(placed.sum(axis=0)).ravel()
        in_title_count = np.asarray(in_title.sum(axis=0)).ravel()
        is_word = codes < self.size
        # A single word places papers only if titles use it: titles say what papers are about,
        # while abstracts also hold the words of any field ("develop", "demonstrating").
        kept = np.flatnonzero(
            (in_papers >= 3) & (in_papers <= MOST_PAPERS_WITH_PHRASE * len(papers)) & (~is_word | (in_title_count >= 2))
        )
        self.placed = placed[:, kept].tocsc()
        """papers x phrases: True where the phrase would place the paper."""
        self.in_title = in_title[:, kept].tocsc()
        self.in_papers = in_papers[kept]
        self.codes = codes[kept]

    def phrase_codes(self, text: list[str], number: dict, ends_phrase: np.ndarray, no_edge: np.ndarray) -> np.ndarray:
        """Each phrase of ``text`` as one number: words, then pairs, then triples."""
        size = self.size
        ids = np.fromiter((number[self.singular[word]] for word in text), dtype=np.int64, count=len(text))
        parts = [ids[~no_edge[ids] & ~self.no_end[ids]]]
        if len(ids) > 1:
            first, second = ids[:-1], ids[1:]
            whole = ~no_edge[first] & ~no_edge[second] & ~self.no_end[second]
            parts.append(size + (first * size + second)[whole])
        if len(ids) > 2:
            first, middle, last = ids[:-2], ids[1:-1], ids[2:]
            whole = ~no_edge[first] & ~ends_phrase[middle] & ~no_edge[last] & ~self.no_end[last]
            parts.append(size + size * size + ((first * size + middle) * size + last)[whole])
        return np.concatenate(parts)

    def holds(self, phrase: str) -> bool:
        """Whether ``phrase`` (words of the table, space-separated) is one of its phrases."""
        words = phrase.split()
        if len(words) > 3 or not all(word in self.number for word in words):
            return False
        code = 0
        for word in words:
            code = code * self.size + self.number[word]
        code += sum(self.size**length for length in range(1, len(words)))
        place = int(np.searchsorted(self.codes, code))
        return place < len(self.codes) and int(self.codes[place]) == code

    def phrase(self, column: int) -> str:
        code, size = int(self.codes[column]), self.size
        if code < size:
            words = [code]
        elif code < size + size * size:
            words = [(code - size) // size, (code - size) % size]
        else:
            code -= size + size * size
            words = [code // (size * size), code // size % size, code % size]
        return " ".join(self.words[word] for word in words).replace("- ", "-")  # "few- shot": "few-shot"


def singular_of(word: str, seen: Mapping[str, int]) -> str:
    """The form a phrase is written in: "models" as "model" when the texts use it (a phrase's
    word matches its plurals too)."""
    for ending in PLURAL_ENDINGS:  # "states": "state" before "stat"
        if word.endswith(ending) and len(word) > len(ending) + 2 and word[: -len(ending)] in seen:
            return word[: -len(ending)]
    return word


def is_filler(word: str) -> bool:
    """A word a phrase may hold inside ("mixture of experts") but not start or end with: a stop
    word, a number, or a code such as "11e" (but "3d" is a word)."""
    return word in STOP_WORDS or len(word) < 2 or (word[0].isdigit() and len(word) > 2)


def chosen_phrases(table: PhraseTable, members: np.ndarray) -> list[int]:
    """Phrases, best first, that place the group's papers: each adds the most of its papers not
    yet placed minus the others' it places, with LEAST_PRECISION; until none adds LEAST_GAIN."""
    in_group = np.asarray(table.placed[members].sum(axis=0)).ravel()
    precise = np.flatnonzero((in_group >= 2) & (in_group >= LEAST_PRECISION * table.in_papers))
    if not len(precise):
        return []
    placing = table.placed[:, precise].tocsc().astype(np.float64)
    placed = np.zeros(len(members), dtype=bool)
    least = max(2, LEAST_GAIN * int(members.sum()))
    chosen: list[int] = []
    while len(chosen) < MOST_PHRASES:
        gain = placing.T @ (members & ~placed) - placing.T @ (~members & ~placed)
        best = int(np.argmax(gain))  # the first of equal gains: phrases are in code order
        if gain[best] < least:
            break
        chosen.append(int(precise[best]))
        placed |= placing[:, best].toarray().ravel() > 0
    return chosen


def describe_group(
    members: np.ndarray,
    table: PhraseTable,
    papers: Sequence[Paper],
    terms: TermCounts,
    weights: np.ndarray,
    used_titles: set[str],
) -> Topic:
    phrases = [table.phrase(column) for column in chosen_phrases(table, members)]
    best_terms = [int(column) for column in np.argsort(-weights, kind="stable") if weights[column] > 0]
    own = [paper for paper, member in zip(papers, members, strict=True) if member]
    named = [named_phrase for named_phrase in title_phrases(members, table) if not is_fragment(named_phrase[0], own)]
    # No phrase in two titles (a small digest): the best terms, as equals.
    fallback_names = [
        (terms.terms[column], 0.0, 0) for column in best_terms if terms.terms[column] not in RESEARCH_PROSE
    ][:3]
    cased = usual_case(" ".join(paper.abstract for paper in own))
    candidates = [named_phrase for named_phrase in named if named_phrase[0] not in used_titles]
    title, shown = topic_title(candidates or fallback_names, own, cased, table)
    named = [phrase for phrase, *_ in named]
    used_titles.update(shown)
    described = named + phrases + [terms.terms[c] for c in best_terms[:8] if terms.terms[c] not in RESEARCH_PROSE]
    others = distinct_phrases(
        [p for p in described if not any(overlaps(p, s) for s in shown) and not is_fragment(p, own)]
    )
    return Topic(
        id=topic_id(shown[0]),
        title=title,
        description=description_of([written_phrase(phrase, own, cased).lower() for phrase in others[:4]]),
        match=tuple(phrases),
        fallback_terms=tuple((terms.terms[column], float(weights[column])) for column in best_terms),
    )


def topic_title(
    named: list[tuple[str, float, int]], papers: list[Paper], cased: dict[str, str], table: PhraseTable
) -> tuple[str, list[str]]:
    """The best phrase, completed when most titles that hold it go on the same way ("graph
    neural": "graph neural network"; "ray": "gamma ray"); a single word that is not, with the
    next phrase that says something else ("Stars and planets"). Returns the title and the
    phrases it is made of."""
    first, first_score, first_titles = named[0]
    completed = [
        phrase
        for phrase, score, titles in named[1:]
        if f" {first} " in f" {phrase} "
        and (titles >= COMPLETING_SHARE * first_titles or (" " not in first and score >= first_score / 2))
    ]
    chosen = next(iter(completed), first if " " in first else None)
    if chosen:
        return sentence_case(written_phrase(chosen, papers, cased)), [chosen]
    second = next(
        (
            phrase
            for phrase, score, _ in named[1:]
            if not overlaps(phrase, first) and (score >= PAIR_SHARE * first_score or first_titles < FEW_TITLES)
        ),
        None,
    )
    if second is None:
        return sentence_case(written_phrase(first, papers, cased)), [first]
    for joined in (f"{first} {second}", f"{second} {first}"):  # "learning", "machine": "machine learning"
        if table.holds(joined):
            return sentence_case(written_phrase(joined, papers, cased)), [joined]
    # In one order: which of two scores higher changes as papers come. The id is the first's.
    both = " and ".join(written_phrase(phrase, papers, cased) for phrase in sorted((first, second)))
    return sentence_case(both), [first, second]


def distinct_phrases(phrases: list[str]) -> list[str]:
    """The phrases in order, each sharing no word with one before it."""
    kept: list[str] = []
    for phrase in phrases:
        if not any(overlaps(phrase, other) for other in kept):
            kept.append(phrase)
    return kept


def title_phrases(members: np.ndarray, table: PhraseTable) -> list[tuple[str, float, int]]:
    """Phrases that name the group (with their score and how many of its titles hold them), best first: in the titles of many of its papers, in few
    other papers, and in few papers at all (title count x precision x log inverse frequency, as
    c-TF-IDF favours); a phrase of two or three words before a single word of about as many titles."""
    in_group = np.asarray(table.placed[members].sum(axis=0)).ravel()
    in_titles = np.asarray(table.in_title[members].sum(axis=0)).ravel()
    precision = in_group / table.in_papers
    words = table.codes < table.size
    specificity = np.log1p(table.placed.shape[0] / table.in_papers)  # "step" says less than "guidance"
    score = in_titles * precision * specificity * np.where(words, 1.0, 1.5)
    order = np.lexsort((np.arange(len(score)), -score))
    return [
        (table.phrase(int(column)), float(score[column]), int(in_titles[column]))
        for column in order[:12]
        if in_titles[column] >= 2
    ]


def overlaps(phrase: str, other: str) -> bool:
    """Whether two phrases share a word, or its stem ("guiding", "guidance"; "entangled", "entanglement")."""
    return any(same_stem(word, other_word) for word in phrase.split() for other_word in other.split())


def same_stem(word: str, other: str) -> bool:
    """At least four letters in common at the start, and at most three left of the shorter word."""
    shared = 0
    for letter, other_letter in zip(word, other, strict=False):
        if letter != other_letter:
            break
        shared += 1
    return word == other or (shared >= 4 and shared >= min(len(word), len(other)) - 3)


def is_fragment(phrase: str, papers: list[Paper]) -> bool:
    """Whether titles mostly write the phrase as the end of a longer word ("Few-Shot Learning"
    holds "shot learning"): no name for a topic."""
    pattern = re.compile(phrase_pattern(phrase) or re.escape(phrase))
    starts = [
        title[match.start() - 1 : match.start()]
        for paper in papers
        for title in [paper.title]
        for match in pattern.finditer(title)
    ]
    return sum(1 for before in starts if before == "-") * 2 > len(starts)


def written_phrase(phrase: str, papers: list[Paper], cased: dict[str, str]) -> str:
    """The phrase as the group's titles write it most often ("Text-to-Image Diffusion Models"),
    each word cased as its abstracts write it most often (``cased``, see usual_case:
    "text-to-image diffusion models", "LLM", "Mamba")."""
    pattern = re.compile(phrase_pattern(phrase) or re.escape(phrase))
    forms = Counter(match.group() for paper in papers for match in pattern.finditer(paper.title))
    if not forms:
        forms = Counter(match.group() for paper in papers for match in pattern.finditer(paper.abstract))
    written = min(forms, key=lambda form: (-forms[form], form)) if forms else phrase
    text = re.sub(r"[^\W_]+", lambda word: cased.get(word.group().lower(), word.group().lower()), written)
    return re.sub(r"\s+", " ", text)


def sentence_case(text: str) -> str:
    """The first letter a capital; only words, spaces, hyphens and apostrophes kept (a title is
    made of the digests' untrusted words: nothing in it may be read as markup anywhere)."""
    text = re.sub(r"[^\w\s'-]|_", "", text)
    return text[:1].upper() + text[1:]


def usual_case(text: str) -> dict[str, str]:
    """Each word (lowercased) as the text writes it: in lowercase, unless one other form is used
    more than twice as often ("Mamba", "Gaussian", "LLM"; but "Reinforcement Learning (RL)" in a
    few abstracts leaves "reinforcement learning")."""
    forms = Counter(re.findall(r"[^\W_]+", text))
    usual: dict[str, str] = {}
    for form, number in sorted(forms.items(), key=lambda item: (-item[1], item[0])):
        key = form.lower()
        if key not in usual:
            usual[key] = form if form == key or number > 2 * forms.get(key, 0) else key
    return usual


def topic_id(title: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", title.lower())) or "topic"


def unique_id(wanted: str, taken: set[str]) -> str:
    """``wanted``, or with -2, -3, ... when another topic (or a generated page) has it."""
    candidate, number = wanted, 1
    while candidate in taken or candidate in RESERVED_TOPIC_IDS:
        number += 1
        candidate = f"{wanted}-{number}"
    return candidate


def description_of(phrases: list[str]) -> str:
    if not phrases:
        return "Papers grouped by the words they share."
    listed = phrases[0] if len(phrases) == 1 else f"{', '.join(phrases[:-1])} and {phrases[-1]}"
    return f"Papers on {listed}."
