"""Command line: ``python -m generator check | render OUT``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import ContentError
from .render import Settings, render_site
from .site import load_site
from .writer import WriterError, write_pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument("--content", type=Path, default=Path("content"), help="the content folder (default: content)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="read all content and report every problem")
    render = commands.add_parser("render", help="write the generated markdown pages to a folder")
    render.add_argument("out", type=Path)
    arguments = parser.parse_args(argv)
    try:
        site = load_site(arguments.content)
        if arguments.command == "check":
            return report(site)
        written, unchanged, removed = write_pages(render_site(site, Settings()), arguments.out, arguments.content)
        print(f"{arguments.out}: {written} written, {unchanged} unchanged, {removed} removed")
        return 0
    except ContentError as error:
        print(error, file=sys.stderr)
        print(f"{len(error.problems)} problem(s) found; nothing was written.", file=sys.stderr)
        return 1
    except (WriterError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


def report(site) -> int:
    for warning in site.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    unsorted = len(site.unsorted_paper_ids())
    print(f"{len(site.papers)} papers in {len(site.digests)} digests, {len(site.topics)} topics, {len(site.notes)} notes, {unsorted} unsorted")
    return 1 if site.warnings else 0


if __name__ == "__main__":
    sys.exit(main())
