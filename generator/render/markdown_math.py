"""A Python-Markdown extension: math in the researcher's notes and topic texts, as MathML at build time.

``$...$``, ``\\(...\\)``, ``$$...$$`` and ``\\[...\\]`` become MathML (no script, no network),
through the same converter and allow-list as abstracts. Enabled in ``mkdocs.yml`` as
``generator.render.markdown_math``. Untrusted digest text never reaches it: its ``$`` and ``\\`` are
numeric character references by then.
"""

from __future__ import annotations

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor

from generator.render.abstract import DELIMITED_MATH, delimited_math
from generator.render.mathml import latex_to_mathml

# After inline code (190), so `$x$` in backticks stays code; before backslash escapes (180),
# which would otherwise read \( as an escaped parenthesis.
PRIORITY = 185


class _MathProcessor(InlineProcessor):
    def handleMatch(self, match, data):
        math = delimited_math(match)[0]
        mathml = latex_to_mathml(math.latex, math.display)
        if mathml is None:
            return None, None, None  # not convertible: leave the text as it is
        return self.md.htmlStash.store(mathml), match.start(0), match.end(0)


class MathExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.inlinePatterns.register(_MathProcessor(DELIMITED_MATH.pattern, md), "paper-digest-math", PRIORITY)
        if "$" not in md.ESCAPED_CHARS:
            md.ESCAPED_CHARS.append("$")  # so a note can write \$5 for a literal dollar sign


def makeExtension(**kwargs) -> MathExtension:
    return MathExtension(**kwargs)


__all__ = ["MathExtension", "makeExtension"]
