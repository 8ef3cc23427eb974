"""Command line: ``python -m generator check | render OUT | note PAPER | topics ... | fetch ...``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator import site_paths
from generator.analyse.related import RelatedAnalysis
from generator.atomic import write_atomically
from generator.collector import collection_paused
from generator.errors import ContentError, UserError
from generator.fetch.command import add_fetch_commands, run_fetch
from generator.folder_writer import write_pages
from generator.ids import normalized_title
from generator.read.files import own_files
from generator.read.project_config import ProjectConfig, read_project_config
from generator.render.engine_config import engine_config, is_ours
from generator.render.generated import Settings
from generator.render.navigation import site_navigation
from generator.render.paper_view import note_stub
from generator.render.site_pages import render_site
from generator.site import load_site, read_papers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument("--content", type=Path, default=Path("content"), help="the content folder (default: content)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="read all content and report every problem")
    render = commands.add_parser("render", help="write the generated markdown pages to a folder")
    render.add_argument("out", type=Path)
    render.add_argument(
        "--force", action="store_true", help="write into a folder that holds files but no manifest of ours"
    )
    render.add_argument(
        "--config-file",
        type=Path,
        help="the project's mkdocs.yml, for the site's name, address and edit links (default: beside the content folder)",
    )
    render.add_argument(
        "--engine-config",
        type=Path,
        metavar="FILE",
        help="also write FILE, an mkdocs.yml that builds OUT with Zensical (or MkDocs without this plugin)",
    )
    note = commands.add_parser("note", help="create the notes file of a paper (never overwrites) and print its path")
    note.add_argument("paper", help="the paper's id, its title, or part of its title")
    add_topic_commands(commands)
    add_fetch_commands(commands)
    arguments = parser.parse_args(argv)
    try:
        with collection_paused():  # a one-shot process: the collector would find nothing to free
            if arguments.command == "fetch":
                return run_fetch(arguments, arguments.content)
            if arguments.command == "topics" and arguments.action == "suggest":
                return print_suggestion(arguments.content, arguments.topics)
            if arguments.command == "note":  # the papers alone: no vectors, topics or related papers
                return create_note(read_papers(arguments.content), arguments.paper, arguments.content)
            if arguments.command == "render":
                return render_to_folder(arguments)
            site = load_site(arguments.content)  # `check` and `topics` show no related papers: none are found
            if arguments.command == "check":
                return report(site)
            return topics_command(site, arguments)
    except ContentError as error:
        print(error, file=sys.stderr)
        print(f"{len(error.problems)} problem(s) found; nothing was written.", file=sys.stderr)
        return 1
    except (UserError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


def render_to_folder(arguments) -> int:
    """`render OUT`: the pages as the project's mkdocs.yml would have them built, written to OUT,
    and with ``--engine-config`` a configuration that builds them with another engine. The
    settings are read first: a mistake there is told before any paper is read."""
    project = project_settings(arguments.config_file, arguments.content)
    engine_file = arguments.engine_config
    if engine_file is not None and not is_ours(engine_file):
        raise UserError(f"{engine_file} exists and was not written by `render`: choose another file name")
    settings = Settings(
        project.site_name, project.edit_base, arguments.content.as_posix(), project.templates_dir, project.site_url
    )
    with RelatedAnalysis() as related:  # begun while the site is read, closed once its pages are made
        site = load_site(arguments.content, related=related)
        pages = render_site(site, settings)
    own = own_files(arguments.content)  # the user's own pages and assets, as MkDocs would build them
    written, unchanged, removed = write_pages(pages, arguments.out, arguments.content, arguments.force, own)
    print(f"{arguments.out}: {written} written, {unchanged} unchanged, {removed} removed")
    if engine_file is not None:
        own_pages = [path for path in own if path.endswith(".md")]
        text = engine_config(project, arguments.out, engine_file, site_navigation(site, own_pages))
        write_atomically(engine_file, text.encode("utf-8"))
        print(f"{engine_file}: builds {arguments.out} with Zensical (zensical build -f {engine_file})")
    return 0


def project_settings(config_file: Path | None, content: Path) -> ProjectConfig:
    """The project's mkdocs.yml as ``--config-file`` names it, or beside the content folder;
    without one, the defaults (no address: the feed and papers.json link relatively)."""
    path = config_file or content.resolve().parent / "mkdocs.yml"
    if config_file is None and not path.exists():
        return ProjectConfig(path)
    return read_project_config(path)


def add_topic_commands(commands) -> None:
    topics = commands.add_parser("topics", help="suggest topics, or see what the topic rules do (only reads)")
    actions = topics.add_subparsers(dest="action", required=True)
    suggest = actions.add_parser(
        "suggest", help="print a topics.yml suggested from the digests (save it as content/topics.yml to adopt it)"
    )
    suggest.add_argument("--topics", type=topic_count, help="how many topics (default: by the number of papers)")
    explain = actions.add_parser("explain", help="say for each topic whether a paper is in it, and why")
    explain.add_argument("paper", help="the paper's id, its title, or part of its title")
    actions.add_parser("report", help="rules that match nothing or too much, overlapping topics, unsorted papers")


def topic_count(text: str) -> int:
    if not text.isdigit() or not 2 <= int(text) <= 100:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of topics from 2 to 100")
    return int(text)


def print_suggestion(content: Path, count: int | None) -> int:
    """Print topics.yml as suggested from the digests alone: `> content/topics.yml` empties that
    file before this reads anything, so it is never read."""
    from generator.analyse.suggest import suggest_topics
    from generator.analyse.vectors import paper_vectors
    from generator.render.topics_yaml import topics_yaml
    from generator.site import default_vector_cache

    papers = read_papers(content)
    vector_cache = default_vector_cache(content)
    vectors = paper_vectors(papers, vector_cache)
    # TooFewPapers: a UserError, reported below. With the cache's memory of the site's last
    # suggestion, the ids printed are the ones the site shows.
    memory = vector_cache.folder if count is None else None
    suggestion = suggest_topics(papers, vectors, count, memory=memory, embed=vector_cache.vectors)
    sys.stdout.write(topics_yaml(suggestion.topics, len(papers)))
    return 0


def topics_command(site, arguments) -> int:
    from generator.analyse import explain

    if arguments.action == "report":
        lines = explain.report_lines(site)
    else:
        candidates = find_papers(site.papers, arguments.paper)
        if len(candidates) != 1:
            return not_one_paper(candidates, arguments.paper)
        lines = explain.explain_paper(site, candidates[0])
    for line in lines:
        print(line)
    return 0


def create_note(papers: dict, query: str, content: Path) -> int:
    candidates = find_papers(papers, query)
    if len(candidates) != 1:
        return not_one_paper(candidates, query)
    path = content / site_paths.NOTES_FOLDER / f"{candidates[0].id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as stream:  # "x": fails rather than overwrite
            stream.write(note_stub(candidates[0]))
    except FileExistsError:
        print(f"{path} already exists; it was left as it is", file=sys.stderr)
    print(path)
    return 0


def not_one_paper(candidates: list, query: str) -> int:
    if not candidates:
        print(f"no paper's id or title contains {query!r}", file=sys.stderr)
    else:
        print(f"{len(candidates)} papers match {query!r}; use one of these ids:", file=sys.stderr)
        for paper in candidates:
            print(f"  {paper.id}  {paper.title}", file=sys.stderr)
    return 1


def find_papers(papers: dict, query: str) -> list:
    """The paper whose id is ``query``, or those whose title is it, or holds it."""
    if query in papers:
        return [papers[query]]
    wanted = normalized_title(query)
    exact = [paper for paper in papers.values() if normalized_title(paper.title) == wanted]
    return exact or [paper for paper in papers.values() if wanted and wanted in normalized_title(paper.title)]


def report(site) -> int:
    for notice in site.notices:
        print(f"note: {notice}", file=sys.stderr)
    for warning in site.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    unsorted = len(site.unsorted_paper_ids())
    print(
        f"{len(site.papers)} papers in {len(site.digests)} digests, {len(site.topics)} topics, {len(site.notes)} notes, {unsorted} unsorted"
    )
    return 1 if site.warnings else 0


if __name__ == "__main__":
    sys.exit(main())
