"""Pathological sizes do not hang the build: rendered literally in bounded time, or refused clearly."""

import time

from conftest import article, make_project, mkdocs_build, run_generator, visible_text

from generator.ids import paper_id

PATHOLOGICAL = {  # each at the limits: 20,000 characters, 2,000 punctuation characters
    "Two thousand brackets": "[" * 2_000,
    "Two thousand angles": "<" * 2_000,
    "Two thousand nested list markers": "- " * 2_000,
    "Two thousand stars in prose": "word* " * 2_000,
    "One thousand math openers": "\\(" * 1_000,
    "One long word": "a" * 20_000,
}


def test_pathological_abstracts_render_literally_in_bounded_time(tmp_path):
    digest = "Mar 12\n\n" + "\n\n".join(f"{title}\n\n{abstract}" for title, abstract in PATHOLOGICAL.items()) + "\n"
    project = make_project(tmp_path, digests={"p.txt": digest})
    started = time.perf_counter()
    build = mkdocs_build(project)
    seconds = time.perf_counter() - started
    assert build.returncode == 0, build.output
    for title, abstract in PATHOLOGICAL.items():
        html = article(build.html(f"papers/{paper_id(title)}/index.html"))
        section = html.split('<h2 id="abstract">', 1)[1].split("<h2 ", 1)[0]
        assert visible_text(section).replace("Abstract¶ ", "", 1) == abstract.strip(), title
    print(f"6 pathological papers built in {seconds:.1f} s")  # seen: 4.7 s on the 2-core machine
    assert seconds < 120  # a guard against a hang, not a benchmark


def test_a_one_megabyte_abstract_is_refused_with_a_clear_message(tmp_path):
    project = make_project(tmp_path, digests={"big.txt": "Mar 12\n\nHuge\n\n" + "lorem ipsum " * 90_000 + "\n"})
    check = run_generator(project, "check")
    assert check.returncode == 1
    assert (
        "content/digests/big.txt:5: the abstract of 'Huge' is 1,079,999 characters long; at most 20,000 are allowed"
        in check.stderr
    )


def test_an_abstract_of_punctuation_is_refused_in_every_format(tmp_path):
    """Python-Markdown's time grows with the square of the punctuation in a paragraph."""
    brackets = "[" * 19_000
    digests = {
        "a.txt": f"Mar 12\n\nBrackets\n\n{brackets}\n",
        "b.jsonl": f'{{"title": "T", "abstract": "{brackets}"}}\n',
    }
    check = run_generator(make_project(tmp_path, digests=digests), "check")
    assert check.returncode == 1
    assert (
        "content/digests/a.txt:5: the abstract of 'Brackets' holds 19,000 punctuation characters; at most 2,000"
        in check.stderr
    )
    assert (
        "content/digests/b.jsonl:1: field `abstract` holds 19,000 punctuation characters; at most 2,000" in check.stderr
    )
