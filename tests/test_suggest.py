"""Topics for any field: suggested from the digests, explained, reported, and built into a site."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import article, make_project, mkdocs_build, parse_html, run_generator

from generator.analyse.explain import explain_paper, report_lines, title_coverage
from generator.analyse.phrase_table import NOT_NAMES
from generator.analyse.suggest import TooFewPapers, suggest_topics
from generator.analyse.topics import assign_by_phrases, assign_topics
from generator.analyse.vectors import VectorCache, paper_vectors
from generator.errors import Problems
from generator.model import Paper
from generator.phrases import phrase_pattern
from generator.read.topics_file import load_topics
from generator.render.topics_yaml import topics_yaml
from generator.site import load_site, read_papers

FIXTURES = Path(__file__).parent / "fixtures"
DIFFUSION = (FIXTURES / "diffusion-models.jsonl").read_text(encoding="utf-8")
"""60 real diffusion-model papers (2023-2025): a field the shipped topics.yml was not written for."""


def content_with(tmp_path: Path, digests: dict[str, str], topics: str | None = None) -> Path:
    content = tmp_path / "content"
    (content / "digests").mkdir(parents=True)
    for name, text in digests.items():
        (content / "digests" / name).write_text(text, encoding="utf-8")
    if topics is not None:
        (content / "topics.yml").write_text(topics, encoding="utf-8")
    return content


def suggestion_for(papers, count=None):
    cache = VectorCache(None)
    return suggest_topics(papers, paper_vectors(papers, cache), count, embed=cache.vectors)


@pytest.fixture(scope="module")
def diffusion(tmp_path_factory):
    content = content_with(tmp_path_factory.mktemp("diffusion"), {"diffusion.jsonl": DIFFUSION})
    papers = read_papers(content)
    return papers, suggestion_for(papers)


def test_suggested_topics_place_papers_by_their_own_rules(diffusion, tmp_path):
    papers, suggestion = diffusion
    assert 2 <= len(suggestion.topics) <= 6
    written = topics_yaml(suggestion.topics, len(papers))
    (tmp_path / "topics.yml").write_text(written, encoding="utf-8")
    problems = Problems()
    adopted = load_topics(tmp_path / "topics.yml", tmp_path, problems)
    assert not list(problems)
    assert adopted.topics == suggestion.topics  # what the file says is what was suggested
    placed = assign_topics(papers, adopted.topics, paper_vectors(papers, VectorCache(None)), adopted.by_meaning)
    grouped = suggestion.group_of
    reproduced = sum(1 for paper_id, topic_id in grouped.items() if topic_id in placed[paper_id])
    unsorted = sum(1 for topics in placed.values() if not topics)
    # A paper no phrase places joins its group's topic only when 4 of its 10 closest papers are
    # there by a phrase; the others stay Unsorted (benchmarks/README.md, Curation).
    assert reproduced >= 0.6 * len(grouped), reproduced
    assert unsorted <= 0.3 * len(papers), unsorted
    assert all(any(topic.id in ids for ids in placed.values()) for topic in adopted.topics)


def test_suggested_titles_are_carried_by_their_papers(diffusion):
    """A suggested title is a phrase at least half of its topic's papers carry, and the site's
    papers much less often: not a word every field uses."""
    papers, suggestion = diffusion
    placed = assign_topics(papers, suggestion.topics, paper_vectors(papers, VectorCache(None)))
    listed = list(papers.values())
    named = 0
    for topic in suggestion.topics:
        members = [papers[paper_id] for paper_id, ids in placed.items() if topic.id in ids]
        inside, site = title_coverage(topic.title, members), title_coverage(topic.title, listed)
        named += inside >= 0.5 and site <= 2 / 3 * inside
        assert topic.title.lower() not in NOT_NAMES, topic.title
    assert named >= 0.75 * len(suggestion.topics), [topic.title for topic in suggestion.topics]


def test_suggested_titles_read_like_a_researchers(diffusion):
    _, suggestion = diffusion
    for topic in suggestion.topics:
        assert re.fullmatch(r"[A-Z0-9][\w' -]*", topic.title), topic.title  # never "A and B"
        assert not re.search(r"\d{3,}|topic \d|cluster", topic.title.lower()), topic.title
        assert re.fullmatch(r"Papers on [\w' ,-]+\.", topic.description), topic.description
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", topic.id)
    assert len({topic.id for topic in suggestion.topics}) == len(suggestion.topics)
    said = " ".join(f"{topic.title} {topic.description}".lower() for topic in suggestion.topics)
    assert all(word in said for word in ("video", "image"))  # the field's own words, not stems or numbers


def test_a_suggestion_is_the_same_bytes_under_any_hash_seed(tmp_path):
    content_with(tmp_path, {"diffusion.jsonl": DIFFUSION})
    outputs = []
    for seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run([sys.executable, "-m", "generator", "topics", "suggest"], cwd=tmp_path,
                                capture_output=True, env=env, timeout=300)  # fmt: skip
        assert result.returncode == 0, result.stderr
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1] and b"topics:" in outputs[0]


def test_redirecting_a_suggestion_into_topics_yml_adopts_it(tmp_path):
    """The shell empties topics.yml before the command runs: it must not read that file."""
    content_with(tmp_path, {"diffusion.jsonl": DIFFUSION}, topics="topics: []\n")
    result = subprocess.run(f"{sys.executable} -m generator topics suggest > content/topics.yml", shell=True,
                            cwd=tmp_path, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stderr
    check = run_generator(tmp_path, "check")
    assert check.returncode == 0, check.stderr
    assert "not found" not in check.stderr
    found = re.search(r"60 papers in 1 digests, \d+ topics, 0 notes, (\d+) unsorted", check.stdout)
    assert found and int(found[1]) <= 18, check.stdout  # at most 30%, left unsorted rather than misplaced


def test_too_few_papers_is_said_plainly(tmp_path):
    three = "".join(
        f'{{"title": "Paper {n} on sparse coding", "abstract": "We study sparse coding, case {n}."}}\n'
        for n in range(3)
    )
    content_with(tmp_path, {"three.jsonl": three})
    with pytest.raises(TooFewPapers, match="3 paper"):
        suggestion_for(read_papers(tmp_path / "content"))
    suggested = run_generator(tmp_path, "topics", "suggest")
    assert suggested.returncode == 1 and "Traceback" not in suggested.stderr
    assert "3 paper(s) are too few to suggest topics from: at least 12 are needed" in suggested.stderr
    check = run_generator(tmp_path, "check")
    assert check.returncode == 0, check.stderr
    assert "too few to suggest topics" in check.stderr and "0 topics" in check.stdout and "3 unsorted" in check.stdout


TUNING = """\
topics:
  - id: video
    title: Video
    description: Video papers.
    match: [video]
    exclude: [survey]
  - id: sampling
    title: Sampling
    description: Fast sampling.
    match: [sampling]
    min_mentions: 3
  - id: nothing
    title: Nothing
    description: Matches no paper.
    match: [photosynthesis]
  - id: everything
    title: Everything
    description: Far too broad.
    match_title: [diffusion]
  - id: clips
    title: Clips
    description: The same papers as Video.
    match: [video]
"""


def test_explain_names_the_phrase_its_place_and_what_kept_a_paper_out(tmp_path):
    papers = [
        Paper("a", "Video diffusion at scale", "We make video. The video is long.", ()),
        Paper("b", "A survey of video models", "We survey video generation.", ()),
        Paper("c", "Faster samplers", "Our sampling is fast; sampling twice is faster.", ()),
    ]
    lines = "".join(f'{{"title": "{p.title}", "abstract": "{p.abstract}"}}\n' for p in papers)
    content = content_with(tmp_path, {"d.jsonl": lines}, topics=TUNING)
    site = load_site(content)
    paper_of = {paper.title: paper for paper in site.papers.values()}
    explained = "\n".join(explain_paper(site, paper_of["Video diffusion at scale"]))
    assert "Video [video]: in (its phrases place it)" in explained
    assert "match 'video': 1 in the title and 2 in the abstract" in explained
    excluded = "\n".join(explain_paper(site, paper_of["A survey of video models"]))
    assert "Video [video]: not in" in excluded
    assert "kept out by exclude 'survey': 1 in the title and 1 in the abstract" in excluded
    too_few = "\n".join(explain_paper(site, paper_of["Faster samplers"]))
    assert "kept out: 2 mention(s) in the abstract, min_mentions is 3" in too_few
    assert "in 0 topic(s): none (listed under Unsorted)" in too_few


def test_report_finds_dead_broad_and_overlapping_rules(tmp_path):
    content = content_with(tmp_path, {"diffusion.jsonl": DIFFUSION}, topics=TUNING)
    report = "\n".join(report_lines(load_site(content)))
    dead = report.split("rules that match no paper: ")[1].split("\n\n")[0]
    assert "\n  nothing: match 'photosynthesis'" in dead and "video: match" not in dead
    assert "everything: match_title 'diffusion' matches 60 papers (100%)" in report
    assert "everything: the topic holds 60 papers (100%)" in report
    assert re.search(r"video and clips: \d+ shared, of \d+ and \d+ papers", report)
    assert "empty topics: 1\n  nothing" in report
    # Without the catch-all topic, papers about neither video nor sampling are Unsorted.
    (content / "topics.yml").write_text(TUNING.replace("match_title: [diffusion]", "match: [photosynthesis]"))
    report = "\n".join(report_lines(load_site(content)))
    unsorted = report.split("unsorted papers, with their most distinctive terms: ")[1]
    count = int(unsorted.split("\n")[0])
    assert count > 10 and len(unsorted.strip().splitlines()) == count + 1
    assert re.search(r"\n  .+ \([a-z0-9-]+\): [\w -]+, [\w -]+", unsorted)


def test_a_plural_title_is_carried_by_papers_that_write_the_singular(tmp_path):
    """Suggested titles are written as titles write them ("Algebras"), while abstracts say "a
    Lie algebra": `topics report` must not ask for a name for a topic every paper of which
    carries its title."""
    papers = [
        {"title": f"Representations of the algebra A{n}", "abstract": f"We study a Lie algebra of rank {n}."}
        for n in range(4)
    ] + [{"title": "Lie algebras and galaxies", "abstract": "Algebras of galaxies."}]
    digest = "\n".join(json.dumps(paper) for paper in papers) + "\n"
    topics = "topics:\n  - id: algebras\n    title: Algebras\n    match: [algebra]\n"
    site = load_site(content_with(tmp_path, {"a.jsonl": digest}, topics))
    assert "they need a name): 0" in "\n".join(report_lines(site))
    listed = sorted(site.papers.values(), key=lambda paper: paper.title)
    assert title_coverage("Algebras", listed) == 1.0
    assert [title_coverage("Galaxies", [paper]) for paper in listed] == [1.0, 0, 0, 0, 0]
    assert title_coverage("Class", listed) == 0.0  # "clas" is no singular


def test_an_old_topics_file_with_fallback_terms_is_told_what_to_do(tmp_path):
    topics = "topics:\n  - id: video\n    title: Video\n    match: [video]\n    fallback_terms: {video: 2}\n"
    (tmp_path / "topics.yml").write_text(topics, encoding="utf-8")
    problems = Problems()
    load_topics(tmp_path / "topics.yml", tmp_path, problems)
    [problem] = list(problems)
    assert problem.line == 5 and "`fallback_terms:` is no longer read" in problem.message
    assert "closest to it in meaning" in problem.message and "delete the `fallback_terms:` lines" in problem.message


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("by_meaning: {threshold: 2}", "threshold must be a number from 0 to 1"),
        ("by_meaning: {margin: yes}", "margin must be a number from 0 to 1"),
        ("by_meaning: {neighbours: 11}", "neighbours must be a whole number from 0 to 10"),
        ("by_meaning: {neighbours: 2.5}", "neighbours must be a whole number from 0 to 10"),
        ("by_meaning: {closeness: 0.5}", "`by_meaning:` must be true, false or a mapping"),
        ("by_meaning: sometimes", "`by_meaning:` must be true, false or a mapping"),
    ],
)
def test_check_refuses_bad_by_meaning_settings_with_their_line(tmp_path, setting, message):
    topics = f"{setting}\ntopics:\n  - id: video\n    title: Video\n    match: [video]\n"
    (tmp_path / "topics.yml").write_text(topics, encoding="utf-8")
    problems = Problems()
    load_topics(tmp_path / "topics.yml", tmp_path, problems)
    assert [(problem.line, message in problem.message) for problem in problems] == [(1, True)], list(problems)


def test_suggestions_from_hostile_text_carry_no_markup(tmp_path):
    hostile = "".join(
        f'{{"title": "<script>alert({n})</script> [x](javascript:go) *bold* `code` #{n} topic", '
        f'"abstract": "Text with <img src=x onerror=alert(1)> and [link](http://evil) and | pipes {n}: '
        f'sparse coding of neural spikes {"gamma" if n % 2 else "alpha"} waves."}}\n'
        for n in range(30)
    )
    content = content_with(tmp_path, {"hostile.jsonl": hostile})
    suggestion = suggestion_for(read_papers(content))
    for topic in suggestion.topics:
        for text in (topic.title, topic.description, *topic.match):
            assert not re.search(r"[<>\[\]()`*#|:]", text), text


# End to end: sites built by MkDocs.


def test_a_site_of_another_field_without_topics_yml_has_suggested_topic_pages(tmp_path):
    project = make_project(tmp_path, {"diffusion.jsonl": DIFFUSION})
    (project / "content" / "topics.yml").unlink()
    build = mkdocs_build(project)
    assert build.returncode == 0, build.output
    home = build.html("index.html")
    assert "These topics were suggested from the papers" in home
    assert "python -m generator" not in home  # how to adopt them is for the writer, not the reader
    topic_pages = sorted(path.parent.name for path in (build.site / "topics").glob("*/index.html"))
    topic_pages.remove("unsorted")
    assert 2 <= len(topic_pages) <= 6
    unsorted_links = paper_links(build.html("topics/unsorted/index.html"))
    assert len(unsorted_links) <= 18  # at most 30% of 60: left unsorted rather than misplaced
    for name in topic_pages:
        page = build.html(f"topics/{name}/index.html")
        assert "This topic was suggested from the papers" in page and paper_links(page)
        assert "topics.yml" not in page  # no edit button to a file that does not exist
    assert "topics.yml" not in build.html("topics/index.html") + build.html("topics/unsorted/index.html")


def test_adopting_a_suggestion_builds_the_same_topic_pages(tmp_path):
    project = make_project(tmp_path, {"diffusion.jsonl": DIFFUSION})
    (project / "content" / "topics.yml").unlink()
    suggested = mkdocs_build(project)
    assert suggested.returncode == 0, suggested.output
    before = {
        path.parent.name: paper_links(path.read_text()) for path in (suggested.site / "topics").glob("*/index.html")
    }
    result = run_generator(project, "topics", "suggest")
    assert result.returncode == 0, result.stderr
    (project / "content" / "topics.yml").write_text(result.stdout, encoding="utf-8")
    adopted = mkdocs_build(project)
    assert adopted.returncode == 0, adopted.output
    after = {path.parent.name: paper_links(path.read_text()) for path in (adopted.site / "topics").glob("*/index.html")}
    assert after == before and len(after) >= 3
    assert "These topics were suggested" not in adopted.html("index.html")


def test_writers_preview_says_how_to_adopt_suggested_topics(tmp_path):
    project = make_project(tmp_path, {"diffusion.jsonl": DIFFUSION})
    (project / "content" / "topics.yml").unlink()
    config = (project / "mkdocs.yml").read_text()
    (project / "mkdocs.yml").write_text(
        config.replace("  - paper-digest\n", "  - paper-digest:\n      writer_notes: true\n")
    )
    build = mkdocs_build(project)
    assert build.returncode == 0, build.output
    assert "python -m generator topics suggest &gt; content/topics.yml" in build.html("index.html")


def test_a_site_of_three_papers_lists_them_on_one_page(tmp_path):
    three = "".join(f'{{"title": "Tiny paper {n}", "abstract": "Tiny abstract number {n}."}}\n' for n in range(3))
    project = make_project(tmp_path, {"three.jsonl": three})
    (project / "content" / "topics.yml").unlink()
    build = mkdocs_build(project, "--verbose")
    assert build.returncode == 0, build.output
    assert "too few to suggest topics" in build.output and "Traceback" not in build.output
    assert len(paper_links(build.html("topics/unsorted/index.html"))) == 3


def paper_links(html: str) -> set[str]:
    """The papers a listing page links to (by their page names), from its article only."""
    return {attributes["href"].rstrip("/").rsplit("/", 1)[-1] for tag, attributes in parse_html(article(html)).tags
            if tag == "a" and "papers/" in attributes.get("href", "")}  # fmt: skip


def test_ids_that_yaml_would_read_as_other_things_are_written_quoted(tmp_path):
    from generator.model import Topic

    topics = tuple(
        Topic(topic_id, f"Title {topic_id}", "A description.", match=("phrase",)) for topic_id in ("yes", "null", "12")
    )
    (tmp_path / "topics.yml").write_text(topics_yaml(topics, 30), encoding="utf-8")
    problems = Problems()
    adopted = load_topics(tmp_path / "topics.yml", tmp_path, problems)
    assert not list(problems) and [topic.id for topic in adopted.topics] == ["yes", "null", "12"]


def phrase_paper(number: int, title: str, abstract: str) -> Paper:
    return Paper(id=f"paper-{number:02d}", title=title, abstract=abstract, appearances=())


def test_papers_no_group_places_get_a_topic_of_their_titles_phrase():
    """A phrase that several unplaced papers carry in their titles names a topic of its own;
    abstracts' stock phrases, single words and phrases placed papers carry name none."""
    from generator.analyse.phrase_table import PhraseTable
    from generator.analyse.suggest import leftover_name

    placed_papers = [
        phrase_paper(n, f"Protein folding study {n}", "We fold proteins in the real world and report results.")
        for n in range(30)
    ]
    left_papers = [
        phrase_paper(100 + n, f"Graph coloring bound {n}" if n < 3 else f"Bounds for colorings {n}",
                     f"The graph coloring {follow} in the real world, with symmetric matrices.")
        for n, follow in enumerate(["problem", "number", "of trees", "game", "with lists", "in the plane"])
    ]  # fmt: skip
    table = PhraseTable(placed_papers + left_papers)
    left = np.array([False] * 30 + [True] * 6)
    column = leftover_name(left, table, placed_papers + left_papers, taken=["protein folding"])
    assert column is not None and table.phrase(column) == "graph coloring"
    # Taken by a topic's name, it names nothing more.
    assert leftover_name(left, table, placed_papers + left_papers, taken=["graph theory"]) is None
    # Carried by the placed papers as much, it describes them: no topic of the unplaced.
    everywhere = [
        phrase_paper(n, f"Graph coloring of proteins {n}", "Graph coloring.") for n in range(30)
    ] + left_papers
    assert leftover_name(left, PhraseTable(everywhere), everywhere, taken=[]) is None


def test_the_hf_days_suggest_a_topic_their_few_reinforcement_learning_papers_share(tmp_path):
    """Three real Hugging Face days: the papers on reinforcement learning are no group by
    meaning, yet their titles share the phrase, and it names a topic of them."""
    digests = {path.name: path.read_text(encoding="utf-8") for path in sorted(FIXTURES.glob("hf-api-*.json"))}
    papers = read_papers(content_with(tmp_path, digests))
    suggestion = suggestion_for(papers)
    titles = [topic.title for topic in suggestion.topics]
    assert "Reinforcement learning" in titles, titles
    placed = assign_topics(papers, suggestion.topics, paper_vectors(papers, VectorCache(None)))
    in_topic = {papers[paper_id].title for paper_id, ids in placed.items() if "reinforcement-learning" in ids}
    carrying = {paper.title for paper in papers.values() if "reinforcement learning" in paper.title.lower()}
    assert carrying and carrying <= in_topic, (carrying, in_topic)
    # A description names what the papers the topic's phrases place carry, not the subjects of
    # papers that stay Unsorted ("audio" beside image editing).
    by_phrase = assign_by_phrases(papers, suggestion.topics)
    for topic in suggestion.topics:
        own = [paper for paper_id, paper in papers.items() if topic.id in by_phrase[paper_id]]
        described = re.fullmatch(r"Papers on (.+)\.", topic.description)
        for phrase in re.split(r", | and ", described[1]) if described else []:
            pattern = re.compile(phrase_pattern(phrase.lower()), re.IGNORECASE)
            carried = sum(1 for paper in own if pattern.search(f"{paper.title}\n{paper.abstract}"))
            assert carried >= min(2, len(own)), (topic.title, phrase, carried)


def test_descriptions_name_what_words_modify_and_case_words_as_sentences_write_them():
    """A word mostly written before another ("latent diffusion", "temporal ...") is no subject
    alone: it stands for the phrase it usually starts, or is left out; capitals that only open
    a sentence or fill a title ("Autoregressive Video Generation") are not the word's case."""
    from generator.analyse.phrase_table import as_described, describes, usual_case

    def paper(number: int, abstract: str) -> Paper:
        return Paper(f"p{number}", f"Autoregressive Latent Video Generation {number}", abstract, ())

    papers = [
        paper(1, "Latent diffusion is costly. We cut latent diffusion steps, and temporal drift, with LLM critics."),
        paper(2, "Autoregressive models drift. Our latent diffusion keeps temporal coherence and reduces rewards."),
        paper(
            3,
            "We train autoregressive latent diffusion with temporal smoothing; the LLM judges rewards. It ran on IBM ibm_fez.",
        ),
    ]
    assert as_described("latent", papers) == "latent diffusion"
    assert as_described("temporal", papers) is None  # drift, coherence, smoothing: no one subject
    assert as_described("rewards", papers) == "rewards"  # ends its phrases: a subject of its own
    cased = usual_case([item.abstract for item in papers])
    assert cased["autoregressive"] == "autoregressive" and cased["llm"] == "LLM" and cased["latent"] == "latent"
    assert cased["ibm"] == "IBM"  # an identifier ("ibm_fez") is no lowercase use of the word
    measured = [paper(4, "It gains 5.3 percentage points."), paper(5, "Up 2 percentage points, and 3% more.")]
    assert not describes("percentage points", measured)  # a measure, not a subject
    assert describes("rewards", papers)
