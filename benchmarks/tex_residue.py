"""Count the TeX left in rendered text: commands, accents and TeX quotes outside math.

    .venv/bin/python benchmarks/tex_residue.py ../shared/corpora/arxiv-papers.jsonl content/digests/*.txt

Reads each digest or JSON Lines corpus as a site does, cuts every title and abstract into pieces
as the renderer does (math, links, text) and scans the text pieces, the ones shown as text, for
leftover TeX; a formula that cannot be converted (shown as its source) or whose MathML still
holds a backslash counts too. Prints the count per kind, in titles and in abstracts, and the commonest examples.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.render.abstract import Math, Text, split_pieces
from generator.render.bibtex import bibtex_entry, safe_math
from generator.render.mathml import latex_to_mathml
from generator.site import read_papers

# TeX command names no English text uses as words; seen glued to a brace, a sub- or superscript
# or a full stop, they are TeX whose backslash a listing lost ("operatorname H_{v}", "E.thinspace").
COMMAND_NAMES = (
    "mathbb|mathcal|mathrm|mathbf|mathfrak|mathscr|operatorname|frac|dfrac|tfrac|sqrt|epsilon|varepsilon|"
    "thinspace|cite|citep|citet|eqref|textbf|textit|emph|infty|leq|geq|cdot|ldots|cdots|widetilde|overline|"
    "boldsymbol|varphi|setminus|otimes|oplus|langle|rangle|nabla|partial"
)
RESIDUE = {
    "command": re.compile(r"\\[A-Za-z]+"),
    "accent": re.compile(r"\\[\"'`^~=.]|\{\\"),
    "TeX quotes": re.compile(r"``|''"),
    "dollar": re.compile(r"(?<![\d$])\$(?!\s?[\d.,])"),  # a price ("$25", "4$ per hour") is text
    "stripped command": re.compile(
        rf"(?<![A-Za-z])(?:{COMMAND_NAMES})(?=[{{_^(\\]|\s*[A-Za-z]?[_^{{])|\.(?:thinspace)"
    ),
    "sub- or superscript": re.compile(r"[_^]\{"),
}


def residue(text: str) -> list[tuple[str, str]]:
    found = []
    for piece in split_pieces(text):
        if isinstance(piece, Math):
            mathml = latex_to_mathml(piece.latex, piece.display)
            if mathml is None:  # shown as its source: TeX on the page
                found.append(("unconverted math", piece.source[:40]))
            elif "&#92;" in mathml:
                found.append(("command in math", piece.latex[:40]))
        if isinstance(piece, Text):
            for kind, pattern in RESIDUE.items():
                found += [
                    (kind, piece.text[max(0, m.start() - 12) : m.end() + 12]) for m in pattern.finditer(piece.text)
                ]
    return found


def main(paths: list[Path]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder)
        (content / "digests").mkdir()
        for path in paths:
            shutil.copy(path, content / "digests" / path.name)
        papers = read_papers(content)
    counts: Counter = Counter()
    examples: dict[str, Counter] = {}
    for paper in papers.values():
        for place, text in (("title", paper.title), ("abstract", paper.abstract)):
            for kind, example in residue(text):
                counts[(place, kind)] += 1
                examples.setdefault(kind, Counter())[example] += 1
    print(f"{len(papers):,} papers; TeX left in rendered text: {sum(counts.values()):,}")
    for (place, kind), count in sorted(counts.items()):
        print(f"  {place:8s} {kind:20s} {count:6,}")
    bibtex_figures(list(papers.values()))
    for kind, seen in sorted(examples.items()):
        print(f"{kind}:")
        for example, count in seen.most_common(EXAMPLES):
            print(f"  {count:5,}  {example!r}")


EXAMPLES = 12


def bibtex_figures(papers) -> None:
    """Titles' math in BibTeX: kept as LaTeX, or (a command outside the whitelist, braces that do
    not balance) written as text; and entries bibtexparser cannot read back."""
    import bibtexparser

    formulas = [piece for paper in papers for piece in split_pieces(paper.title) if isinstance(piece, Math)]
    unsafe = [piece.source for piece in formulas if not safe_math(piece.latex)]
    library = bibtexparser.parse_string("\n".join(bibtex_entry(paper) for paper in papers))
    print(
        f"BibTeX: {len(formulas) - len(unsafe):,} of {len(formulas):,} formulas in titles kept as LaTeX; "
        f"{len(library.entries):,} entries read back of {len(papers):,}, {len(library.failed_blocks)} failed"
    )
    for source in unsafe[:EXAMPLES]:
        print(f"  written as text: {source!r}")


if __name__ == "__main__":
    main([Path(argument) for argument in sys.argv[1:]])
