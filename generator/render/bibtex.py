"""BibTeX entries for papers: the Cite block of a paper page and the .bib file of each topic,
tag and reading list.

Digest text is untrusted, and a .bib file is read by a researcher's LaTeX: every field is text
with LaTeX's special characters escaped, but for math in a title, which is kept as LaTeX only
when each of its commands is a known math command (:func:`safe_math`): ``$\\mathbb{F}_p$``
stays math, ``$\\input{x}$`` becomes text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from generator.model import Paper
from generator.render.abstract import Link, Math, split_pieces
from generator.render.exports import page_url
from generator.tex import TEX_GREEK_LETTERS
from generator.text import collapse_spaces

LATEX_SPECIALS = {
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "%": r"\%", "$": r"\$", "&": r"\&", "#": r"\#",
    "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
}  # fmt: skip
LATEX_SPECIAL = re.compile("|".join(re.escape(char) for char in LATEX_SPECIALS))


def latex(text: str) -> str:
    """Text for a BibTeX field, its spaces collapsed, every LaTeX special character escaped."""
    return escaped(collapse_spaces(text))


def escaped(text: str) -> str:
    """``text`` with every LaTeX special character escaped. BibTeX counts braces even after a
    backslash, so `{` and `}` become commands whose own braces balance."""
    return LATEX_SPECIAL.sub(lambda match: LATEX_SPECIALS[match[0]], text)


def bibtex_title(title: str) -> str:
    """The title for BibTeX: its text escaped, its math as LaTeX where :func:`safe_math` allows,
    else as written, escaped (a plain reading may drop what it cannot read)."""
    written = []
    for piece in split_pieces(collapse_spaces(title)):
        if isinstance(piece, Math):
            written.append(f"${piece.latex}$" if safe_math(piece.latex) else escaped(piece.source))
        else:
            written.append(escaped(piece.shown if isinstance(piece, Link) else piece.text))
    return "".join(written)


MATH_COMMANDS = frozenset(TEX_GREEK_LETTERS) | frozenset(
    """frac dfrac tfrac sqrt sum prod int iint oint lim limsup liminf sup inf max min arg det dim exp log ln sin
    cos tan sinh cosh tanh infty partial nabla cdot cdots ldots dots vdots ddots times div pm mp leq le geq ge neq
    ne approx sim simeq cong equiv propto ll gg in notin ni subset subseteq supset supseteq cup cap setminus
    emptyset varnothing forall exists neg land lor wedge vee oplus otimes odot ast star circ bullet to rightarrow
    leftarrow Rightarrow Leftarrow leftrightarrow Leftrightarrow mapsto uparrow downarrow left right big Big bigg
    langle rangle lfloor rfloor lceil rceil mid parallel perp angle prime ell hbar Re Im aleph mathbb mathcal mathrm
    mathbf mathit mathsf mathtt mathfrak mathscr boldsymbol operatorname text textrm textbf textit hat bar tilde
    widetilde widehat vec dot ddot overline underline overrightarrow quad qquad displaystyle scriptstyle
    textstyle top bot dagger rm cal bf it tt sf texttt rtimes ltimes""".split()
)
"""The commands a title's math may keep in BibTeX: symbols and layout, none that reads a file,
defines a command or writes anything."""
MATH_COMMAND = re.compile(r"\\([A-Za-z]+|.)")
SYMBOLS = frozenset(",;:! |{}")
"""``\\,`` and its kin, ``\\ ``, ``\\|`` and braces (which must balance with the others)."""


def safe_math(latex_math: str) -> bool:
    """Whether a formula may go into a .bib file as LaTeX: each command one of MATH_COMMANDS or
    spacing, braces balanced (BibTeX counts them even after a backslash), and none of the
    characters that end math or a field or start a comment (``$``, ``%``, ``#``, ``&``)."""
    if any(character in latex_math for character in "$%#&\n") or "\\\\" in latex_math:
        return False
    depth = 0
    for character in latex_math:
        depth += {"{": 1, "}": -1}.get(character, 0)
        if depth < 0:
            return False
    if depth:
        return False
    return all(name in MATH_COMMANDS or name in SYMBOLS for name in MATH_COMMAND.findall(latex_math))


def bibtex_entry(paper: Paper, site_url: str = "", listed: str | None = None) -> str:
    """A @misc entry with what is known; a paper known only by its title and abstract (listing
    text) gets its page on this site as ``url`` and the day it was listed as ``note``."""
    details = paper.details
    # Never the digest's year: old papers reach new digests.
    year = (details.published or "")[:4] or (str(details.year) if details.year else "")
    fields = [("title", "{" + bibtex_title(paper.title) + "}")]
    if details.authors:
        fields.append(("author", " and ".join(bibtex_name(name) for name in details.authors)))
    if year:
        fields.append(("year", year))
    if details.arxiv_id:
        fields += [
            ("eprint", details.arxiv_id),
            ("archivePrefix", "arXiv"),
            ("url", f"https://arxiv.org/abs/{details.arxiv_id}"),
        ]
    elif details.url:
        fields.append(("url", latex(details.url)))
    elif site_url:
        fields.append(("url", latex(page_url(site_url, paper.id))))
    if details.doi:
        fields.append(("doi", latex(details.doi)))
    if listed and not (details.arxiv_id or details.url or details.doi):
        fields.append(("note", f"Listed {latex(listed)}" + ("" if year else "; year of publication unknown")))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{paper.id},\n{body}\n}}\n"


def bibtex_name(name: str) -> str:
    """One author for BibTeX's ``author`` field: a name holding the word "and" ("Tom and Jerry
    Lab") is braced, since BibTeX splits the field at every "and" outside braces."""
    written = latex(name)
    return f"{{{written}}}" if re.search(r"(?i)\band\b", name) else written


def bibtex_file(papers: list[Paper], entry: Callable[[Paper], str] = bibtex_entry) -> str:
    """The entries of ``papers``; ``entry`` makes one (bibtex_entry, or a cache of its results)."""
    return "\n".join(entry(paper) for paper in papers)
