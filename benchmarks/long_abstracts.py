"""How the cost of one abstract grows with its length, stage by stage.

    .venv/bin/python benchmarks/long_abstracts.py [LENGTH ...]

Each abstract is "mixed markdown" as scraped text can be: prose with `[` brackets, `<` tags,
`*` and `_` runs, backticks, `$...$` and `\\(...\\)` math, addresses and list-like lines,
repeated to LENGTH characters. For each length it prints the milliseconds one abstract takes
to be read (clean_text), cut into text, math and links (render_abstract), converted by
Python-Markdown with the site's extensions (the paper page's abstract as MkDocs converts it),
and tokenized for related papers, and each figure divided by the length's share of the first
length: a stage whose ratio grows with the length is super-linear. A second table times
Python-Markdown on abstracts of one length with a given number of punctuation characters
spread through prose: its cost follows their number, not the length. A third times abstracts
that are one run of a punctuation character, the worst case.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import markdown
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.read.clean import clean_text
from generator.render.abstract import render_abstract

PIECE = (
    "We study [sparse attention](x) with <b>bold</b> claims, *emphasis* and __strong__ text, "
    "`code` spans, inline math $O(n \\log n)$ and \\(x_i^2\\), see https://example.org/a_b. "
    "1. a list-like start; # a heading-like hash; | a | table | row |; {: .attr } and ![img](y) "
    "[unclosed bracket and <unclosed tag and *unclosed star and _unclosed underscore "
)
LENGTHS = (2_000, 5_000, 10_000, 19_000)


def mixed_markdown(length: int) -> str:
    return (PIECE * (length // len(PIECE) + 1))[:length]


def site_markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions of the shipped mkdocs.yml (emoji aside: it needs Material)."""
    config = yaml.load((Path(__file__).resolve().parent.parent / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    extensions, configs = [], {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        if name in ("pymdownx.emoji",):
            continue
        extensions.append(name)
        if options:
            configs[name] = {
                key: value == "true" if value in ("true", "false") else value for key, value in options.items()
            }
    return markdown.Markdown(extensions=extensions, extension_configs=configs)


def milliseconds(work, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best * 1000


def main(lengths: tuple[int, ...]) -> None:
    from generator.analyse.similarity import tokens_of

    converter = site_markdown()
    stages = {
        "clean_text": lambda text: clean_text(text),
        "render_abstract": lambda text: render_abstract(text),
        "Python-Markdown": lambda text: converter.reset().convert(str(render_abstract(text))),
        "tokens": lambda text: tokens_of(text.lower()),
    }
    print(f"{'length':>7} " + " ".join(f"{name:>22}" for name in stages))
    first: dict[str, float] = {}
    for length in lengths:
        text = clean_text(mixed_markdown(length))
        cells = []
        for name, stage in stages.items():
            spent = milliseconds(lambda stage=stage, text=text: stage(text))
            per_length = spent / (length / lengths[0])
            first.setdefault(name, per_length)
            cells.append(f"{spent:9.2f} ms ({per_length / first[name]:4.2f}x)")
        print(f"{length:>7} " + " ".join(f"{cell:>22}" for cell in cells))


def punctuation_table(lengths: tuple[int, ...], counts=(250, 1000, 2000, 4000)) -> None:
    converter = site_markdown()
    print(f"\n{'marks':>7} " + " ".join(f"{length:>12,}" for length in lengths))
    for count in counts:
        cells = []
        for length in lengths:
            gap = max(1, length // count)
            text = clean_text((("word " * gap)[: gap - 1] + "[") * count)
            spent = milliseconds(lambda text=text: converter.reset().convert(str(render_abstract(text))))
            cells.append(f"{spent:9.1f} ms")
        print(f"{count:>7,} " + " ".join(f"{cell:>12}" for cell in cells))


def runs_table(lengths: tuple[int, ...], marks: str = "[*$_") -> None:
    """Abstracts that are one run of a punctuation character: Python-Markdown's worst case."""
    converter = site_markdown()
    print(f"\n{'run of':>7} " + " ".join(f"{length:>12,}" for length in lengths))
    for mark in marks:
        cells = []
        for length in lengths:
            text = clean_text(mark * length)
            cells.append(
                f"{milliseconds(lambda text=text: converter.reset().convert(str(render_abstract(text))), 1):9.1f} ms"
            )
        print(f"{mark:>7} " + " ".join(f"{cell:>12}" for cell in cells))


if __name__ == "__main__":
    chosen = tuple(int(argument) for argument in sys.argv[1:]) or LENGTHS
    main(chosen)
    punctuation_table(chosen)
    runs_table(chosen)
