"""The topic rule language and the topics file's validation."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.analyse.topics import TopicMatcher, assign_by_phrases, plain_words
from generator.errors import Problems
from generator.model import Paper, Topic
from generator.phrases import PLAIN_WORD, phrase_pattern
from generator.read.topics_file import load_topics


def matches(phrase: str, text: str) -> bool:
    return re.search(phrase_pattern(phrase), text) is not None


@pytest.mark.parametrize(
    ("phrase", "text", "expected"),
    [
        ("SSM", "a selective SSM layer", True),
        ("SSM", "SSMs scale", True),
        ("SSM", "the SSMLP block", False),
        ("SSM", "a ssm", False),  # acronyms match only in capitals
        ("S4", "S4 and S4D", True),
        ("S4", "the S4ND model", False),
        ("S4", "LS4 is different", False),
        ("RNN", "Traditional RNNs like LSTMs", True),
        ("RNN", "a BiRNN encoder", False),
        ("state space model", "State-Space Models scale", True),
        ("state space model", "the state  space\nmodel", True),
        ("state space model", "state spaces modeling", False),
        ("recurren*", "recurrence relations", True),
        ("transformer", "Transformers are", True),
        ("attention", "attentional", False),
        # British and American spellings are one word.
        ("sequence modeling", "Attention for Sequence Modelling", True),
        ("optimisation", "Bayesian optimization of kernels", True),
        ("behavior", "the behaviours of agents", True),
        ("labeled data", "scarce labelled data", True),
        ("centre", "the galactic center", True),
        ("analyze", "we analyse the loss", True),
        ("analyses", "the model analyzes the loss", False),  # the plural of analysis is no verb
        # A word written in the plural matches its singular; singular words ending in s stay whole.
        ("graph neural networks", "a graph neural network", True),
        ("gauge theories", "a gauge theory", False),  # a plural in -ies is a word of its own
        ("key", "the keys", True),
        ("Gaussian processes", "a Gaussian process prior", True),
        ("dynamics", "dynamic programming", False),
        ("news", "new results", False),
        ("model", "modelling", False),
        ("four", "for", False),
        ("RNN", "a rnn", False),
    ],
)
def test_phrases_match_whole_words(phrase, text, expected):
    assert matches(phrase, text) is expected


def test_a_topic_rule_places_papers_in_either_spelling_and_suggestions_count_them_as_one():
    from generator.analyse.phrase_table import PhraseTable

    topic = Topic("sm", "Sequence modeling", "", match=("sequence modeling",))
    papers = {
        "a": Paper("a", "Linear-time sequence modelling", "x", ()),
        "b": Paper("b", "Sequence modeling with state spaces", "x", ()),
        "c": Paper("c", "Sequence modelling at scale", "x", ()),
        "d": Paper("d", "Image models", "x", ()),
    }
    assert assign_by_phrases(papers, (topic,)) == {"a": ("sm",), "b": ("sm",), "c": ("sm",), "d": ()}
    others = [Paper(f"o{n}", f"Image models {n}", "x", ()) for n in range(4)]
    table = PhraseTable([*papers.values(), *others])
    column = table.column("sequence modelling")  # the spelling most of the papers use
    assert column is not None and table.in_papers[column] == 3
    assert table.column("sequence modeling") is None


def test_a_rule_written_in_the_plural_places_papers_that_write_the_singular():
    """Through the word index as a build places papers, not only the expression."""
    topic = Topic("gnn", "Graph neural networks", "", match=("graph neural networks",), match_title=("dynamics",))
    papers = {
        "a": Paper("a", "A graph neural network for molecules", "x", ()),
        "b": Paper("b", "Scaling graph neural networks", "x", ()),
        "c": Paper("c", "Dynamic graphs", "We study graph neural nets.", ()),
    }
    assert assign_by_phrases(papers, (topic,)) == {"a": ("gnn",), "b": ("gnn",), "c": ()}


def paper(title: str, abstract: str) -> Paper:
    return Paper("p", title, abstract, ())


def test_title_phrases_count_only_in_the_title_and_min_mentions_counts_the_abstract():
    topic = Topic("t", "T", "", match=("RNN",), match_title=("memory",), exclude=("survey",), min_mentions=2)
    matcher = TopicMatcher.compile(topic)
    assert matcher.matches(paper("An RNN study", "nothing"))
    assert matcher.matches(paper("x", "An RNN. Another RNN."))
    assert not matcher.matches(paper("x", "Only one RNN here."))
    assert matcher.matches(paper("Memory matters", "nothing"))
    assert not matcher.matches(paper("x", "memory in the abstract only"))
    assert not matcher.matches(paper("An RNN survey", "RNN"))


def load(tmp_path, text: str):
    path = tmp_path / "content" / "topics.yml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    problems = Problems()
    topics = load_topics(path, path.parent, problems).topics
    return topics, [str(problem) for problem in problems]


def test_a_valid_topics_file(tmp_path):
    topics, problems = load(tmp_path, "topics:\n  - id: ssm\n    title: State space\n    match: [SSM, S4]\n")
    assert problems == []
    assert topics == (Topic("ssm", "State space", "", match=("SSM", "S4")),)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("topics: [\n", "content/topics.yml:2: invalid YAML"),
        (
            "topics:\n  - id: a\n    title: A\n    colour: red\n",
            "content/topics.yml:4: unknown key 'colour' in a topic",
        ),
        (
            "topics:\n  - id: a\n    title: A\n    match: ['???']\n",
            "content/topics.yml:4: `match:` phrase '???' can never match",
        ),
        (
            "topics:\n  - id: a\n    title: A\n  - id: a\n    title: B\n",
            "content/topics.yml:4: topic id 'a' is used twice",
        ),
        ("topics:\n  - id: a\n", "content/topics.yml:2: topic 'a' needs a `title:`"),
        ("topics:\n  - id: Bad Id\n    title: A\n", "content/topics.yml:2: topic id 'Bad Id' must be lowercase"),
        ("topics:\n  - id: unsorted\n    title: A\n", "content/topics.yml:2: topic id 'unsorted' must be"),
        ("topics:\n  - id: a\n    title: A\n    match: SSM\n", "content/topics.yml:4: `match:` must be a list"),
        ("topics:\n  - id: a\n    title: A\n    title: B\n", "content/topics.yml:4: the key 'title' is given twice"),
        ("- id: a\n", "content/topics.yml:1: must be a mapping with the key `topics:`"),
    ],
)
def test_mistakes_in_the_topics_file_name_the_line(tmp_path, text, expected):
    _topics, problems = load(tmp_path, text)
    assert problems and problems[0].startswith(expected), problems


def test_shipped_taxonomy_sorts_every_reference_paper(reference_site):
    assert len(reference_site.topics) >= 10
    assert reference_site.unsorted_paper_ids() == ()
    for topic in reference_site.topics:
        assert topic.title and topic.description and reference_site.papers_of[topic.id], topic.id


def test_reference_papers_land_where_a_researcher_expects(reference_site):
    expected = {
        "Efficiently Modeling Long Sequences with Structured State Spaces": "state-space-models",
        "FlashRNN: Optimizing Traditional RNNs on Modern Hardware": "recurrent-networks",
        "BERT4Rec: Sequential Recommendation with Bidirectional Encoder Representations from Transformer": "recommendation",
        "Informer: Beyond Efficient Transformer for Long Sequence Time-Series Forecasting": "time-series",
        "Efficient Content-Based Sparse Attention with Routing Transformers": "efficient-attention",
        "A Practical Survey on Faster and Lighter Transformers": "surveys",
        "Pointer Networks": "machine-translation",
        "Diverse Beam Search: Decoding Diverse Solutions from Neural Sequence Models": "inference-acceleration",
        "Titans: Learning to Memorize at Test Time": "long-context-memory",
    }
    by_title = {paper.title: paper.id for paper in reference_site.papers.values()}
    for title, topic_id in expected.items():
        assert topic_id in reference_site.topics_of[by_title[title]], title


# Words and glue that make phrases match, almost match, or match in another case.
TOPIC_WORDS = [
    "state",
    "space",
    "model",
    "models",
    "SSM",
    "ssm",
    "SSMs",
    "S4",
    "S4ND",
    "recurrent",
    "recurrence",
    "RNN",
    "rnn",
    "task",
    "tasks",
    "translation",
    "ſtate",
    "K",
    "3.5",
    "GPT",
    "memory",
    "-",
    " ",
    "-",
    "\n",
    "é",
    "_",
    "x",
]


@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from(TOPIC_WORDS), max_size=8).map("".join),
            st.lists(st.sampled_from(TOPIC_WORDS), max_size=20).map(" ".join),
        ),
        max_size=8,
    )
)
@settings(deadline=None)
def test_the_word_index_never_hides_a_paper_from_a_topic(texts):
    """assign_by_phrases runs a topic's patterns only on papers holding the words of its phrases,
    and of those only the phrases whose words a paper holds; the result must be what running
    every pattern on every paper gives."""
    topics = (
        Topic("a", "A", "", match=("state space model", "SSM", "S4", "recurren*", "translation task", "GPT-3.5")),
        Topic("b", "B", "", match=("RNN", "task"), match_title=("memory", "models"), min_mentions=2),
        Topic("c", "C", "", match_title=("K",), exclude=("x",)),
        # Overlapping phrases, counted: a pattern of only the phrases a paper holds counts the same.
        Topic("d", "D", "", match=("state space", "state space model", "space model", "SSMs"), min_mentions=2),
    )
    papers = {f"p{i}": Paper(f"p{i}", title, abstract, ()) for i, (title, abstract) in enumerate(texts)}
    matchers = [TopicMatcher.compile(topic) for topic in topics]
    expected = {key: tuple(m.topic_id for m in matchers if m.matches(paper)) for key, paper in papers.items()}
    assert assign_by_phrases(papers, topics) == expected


@given(st.one_of(st.text(alphabet=st.characters(max_codepoint=127)), st.text()))
def test_words_are_cut_from_ascii_text_as_the_expression_cuts_them(text):
    """The word index splits ASCII text on every other character instead of running PLAIN_WORD."""
    assert plain_words(text) == PLAIN_WORD.findall(text.casefold())
