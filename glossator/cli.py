"""The commands: parse the arguments, run, print, and pick the exit status.

0 success; 1 the content has errors; 2 a usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .diagnostics import display_path, printable
from .build.pipeline import Outcome, run

# The other commands' modules are imported when they run: a build with nothing to do
# must not pay for loading them.


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="glossator", description="Build a static site of annotated news stories.")
    main.add_argument("--version", action="version", version=f"glossator {__version__}")
    commands = main.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build", help="read content/ and write site/ (the default)")
    add_content(build)
    build.add_argument("--out", type=Path, default=Path("site"), metavar="DIR",
                       help="where to write the site (default: site/)")
    build.add_argument("--base-url", type=base_url, metavar="URL",
                       help="the address the site will be served from")
    build.add_argument("--no-search", action="store_true",
                       help="skip the search index even when Pagefind is installed")
    build.add_argument("--drafts", action="store_true",
                       help="build the stories marked 'draft: true' too")
    build.add_argument("--future", action="store_true",
                       help="build the stories published later than now too")
    build.add_argument("--no-cache", action="store_true",
                       help="rebuild every story, trusting nothing the last build left")
    add_strict(build)

    check = commands.add_parser("check", help="validate everything a build reads; "
                                "write nothing")
    add_content(check)
    add_strict(check)

    serve = commands.add_parser("serve", help="preview on 127.0.0.1, rebuilding and "
                                "reloading the page on every change")
    add_content(serve)
    serve.add_argument("--port", type=int, default=8000, metavar="N",
                       help="the port to listen on (default: 8000; 0 picks a free one)")

    init = commands.add_parser("init", help="start a site in a folder: site.yaml, a first "
                               "story, a .gitignore and a GitHub Pages workflow")
    init.add_argument("folder", type=Path, nargs="?", default=Path("."), metavar="DIR",
                      help="where to start it (default: the current folder)")
    init.add_argument("--title", default="My newsroom", help="the site's title")

    new = commands.add_parser("new", help="start a story folder with a commented "
                              "article.md and annotations.yaml")
    new.add_argument("slug", help="the story's folder name, which is its address")
    new.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                     help="the folder of stories (default: content/)")

    capture = commands.add_parser("import", help="make a story folder from a captured "
                                  "story: a saved web page or its text")
    capture.add_argument("file", type=Path, help="the saved page (.html) or text")
    capture.add_argument("--slug", help="the story's folder name (default: from the title)")
    capture.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                         help="the folder of stories (default: content/)")

    reanchor = commands.add_parser(
        "reanchor", help="write the new wording of quotes that followed an edit into "
        "annotations.yaml, changing nothing else")
    reanchor.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                          help="the folder of stories (default: content/)")

    catalogs = commands.add_parser(
        "catalogs", help="bring the site's message catalogs up to date with the interface's "
        "words, or start one for a language")
    catalogs.add_argument("--add", type=language_tag, metavar="LANGUAGE",
                          help="start a catalog for a language, e.g. pt-BR")
    catalogs.add_argument("--templates", type=Path, default=Path("templates"), metavar="DIR",
                          help="the site's own templates (default: templates/); the "
                               "catalogs are its locales/ folder")

    importer = commands.add_parser(
        "import-annotations", help="add W3C Web Annotations or a Hypothesis export to a "
        "story's annotations.yaml")
    importer.add_argument("file", type=Path, help="a JSON or JSON-LD file of annotations")
    importer.add_argument("--into", type=Path, required=True, metavar="DIR",
                          help="the story's folder, e.g. content/my-story")
    return main


def add_content(command: argparse.ArgumentParser) -> None:
    command.add_argument("--content", type=Path, default=Path("content"), metavar="DIR",
                         help="the folder of stories (default: content/)")
    command.add_argument("--templates", type=folder, metavar="DIR",
                         help="templates that override the default theme's, file by file "
                              "(default: templates/ beside the content folder)")


def add_strict(command: argparse.ArgumentParser) -> None:
    command.add_argument("--strict", action="store_true",
                         help="treat warnings as errors")


def folder(value: str) -> Path:
    if not Path(value).is_dir():
        raise argparse.ArgumentTypeError(f"'{value}' is not a folder")
    return Path(value)


def language_tag(value: str) -> str:
    from .commands.catalogs import language_tag as checked

    return checked(value)


def base_url(value: str) -> str:
    from .diagnostics import excerpt
    from .load.fields import normalised_base_url

    url, problem = normalised_base_url(value)
    if url is None:
        raise argparse.ArgumentTypeError(f"{problem}, not '{excerpt(value)}'")
    return url


def main(argv: list[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (args_list[0].startswith("-")
                         and args_list[0] not in ("-h", "--help", "--version")):
        args_list.insert(0, "build")
    args = parser().parse_args(args_list)
    if args.command == "reanchor":
        return run_reanchor(args.content)
    if args.command == "import":
        return run_capture(args.file, args.content, args.slug)
    if args.command == "init":
        return run_init(args.folder, args.title)
    if args.command == "new":
        return run_new(args.content, args.slug)
    if args.command == "serve":
        from .commands.serve import serve
        return serve(args.content, args.port, args.templates)
    if args.command == "import-annotations":
        return run_import(args.file, args.into)
    if args.command == "catalogs":
        from .commands.catalogs import update
        return update(args.templates, args.add)
    if args.command == "check":
        outcome = run(args.content, None, strict=args.strict, templates_dir=args.templates)
    else:
        outcome = run(args.content, args.out, strict=args.strict, base_url=args.base_url,
                      templates_dir=args.templates, search=not args.no_search,
                      cache=not args.no_cache, drafts=args.drafts, future=args.future,
                      progress=ProgressBar() if sys.stderr.isatty() else None)
    report(outcome, args)
    return 1 if outcome.diagnostics.failed(args.strict) else 0


def run_capture(source: Path, content: Path, slug: str | None) -> int:
    from .commands.import_story import CaptureError, read_capture, write_story as write_capture

    try:
        captured = read_capture(source)
        folder = write_capture(content, captured, slug)
    except CaptureError as exc:
        print(f"{display_path(source)}:1:1: error: {printable(str(exc))}", file=sys.stderr)
        return 1
    for note in captured.notes:
        print(f"{display_path(folder / 'article.md')}:1:1: warning: {note}", file=sys.stderr)
    print(f"Created {display_path(folder)}/ from {display_path(source)}: "
          f"“{printable(captured.title)}”")
    return 0


def run_init(folder: Path, title: str) -> int:
    from .commands.scaffold import ScaffoldError, init_site

    try:
        made = init_site(folder, title)
    except (ScaffoldError, OSError) as exc:
        print(f"error: {exc.strerror if isinstance(exc, OSError) and exc.strerror else exc}"
              + (f": {exc.filename}" if isinstance(exc, OSError) and exc.filename else ""),
              file=sys.stderr)
        return 1
    where = display_path(folder)
    print(f"Started a site in {where}/: " + ", ".join(
        display_path(path) + ("/" if path.is_dir() else "") for path in made))
    go = "" if folder.absolute() == Path.cwd() else f"cd {where} && "
    print(f"Preview it with: {go}glossator serve   (then edit content/{made[2].name}/)")
    return 0


def run_new(content: Path, slug: str) -> int:
    from .commands.scaffold import ScaffoldError, new_story

    try:
        folder = new_story(content, slug)
    except ScaffoldError as exc:
        print(f"error: {printable(str(exc))}", file=sys.stderr)
        return 1
    print(f"Created {display_path(folder)}/ with article.md and annotations.yaml; "
          f"preview it with: glossator serve --content {display_path(content)}")
    return 0


def run_import(source: Path, folder: Path) -> int:
    from .commands.import_annotations import ImportFailed, import_annotations

    if not folder.is_dir():
        print(f"{display_path(folder)}: error: no such story folder", file=sys.stderr)
        return 1
    try:
        imported = import_annotations(source, folder)
    except ImportFailed as exc:
        print(printable(str(exc)), file=sys.stderr)
        return 1
    for reason in imported.skipped:
        print(f"{display_path(source)}: warning: skipped {printable(reason)}", file=sys.stderr)
    print(f"Added {plural(len(imported.entries), 'annotation')} to "
          f"{display_path(folder / 'annotations.yaml')}; run `glossator check` to see "
          "them anchor")
    return 0


def run_reanchor(content: Path) -> int:
    from .commands.reanchor import reanchor

    changes, diagnostics = reanchor(content)
    for change in changes:
        print(printable(change.format()))
    for diagnostic in diagnostics.sorted():
        print(diagnostic.format(), file=sys.stderr)
    print(f"{plural(len(changes), 'value')} changed"
          + (f"; {plural(len(diagnostics.errors), 'error')} left" if diagnostics.errors else ""))
    return 1 if diagnostics.errors else 0


def report(outcome: Outcome, args: argparse.Namespace) -> None:
    diagnostics = outcome.diagnostics
    for diagnostic in diagnostics.sorted(args.strict):
        print(diagnostic.format(), file=sys.stderr)
    errors = len(diagnostics.errors) + (len(diagnostics.warnings) if args.strict else 0)
    warnings = 0 if args.strict else len(diagnostics.warnings)
    if outcome.without_base_url and outcome.written:
        # Said once per build, and not a problem of the content: --strict lets it be.
        print(f"{display_path(args.content / 'site.yaml')}: warning: no base URL, so the "
              "site has no sitemap and its feeds link relatively, which some feed readers "
              "cannot follow\n  hint: set base_url in site.yaml (or build with --base-url) "
              "to the address the site is served from", file=sys.stderr)
        warnings += 1
    counts = (f"{plural(outcome.stories, 'story', 'stories')}, "
              f"{plural(outcome.annotations, 'annotation')}")
    if errors:
        print(f"{plural(errors, 'error')}"
              + (f", {plural(warnings, 'warning')}" if warnings else "")
              + (f"; {display_path(args.out).rstrip('/')}/ was left as it was"
                 if args.command != "check"
                 else ""), file=sys.stderr)
        return
    tail = f" ({plural(warnings, 'warning')})" if warnings else ""
    if args.command == "check":
        print(f"Checked {counts} in {outcome.seconds:.2f} s: no errors{tail}")
    else:
        if outcome.unchanged:
            done = "nothing changed"
        else:
            built = outcome.stories - outcome.reused
            done = f"{built} built, {outcome.reused} reused"
        print(f"Built {counts} into {display_path(args.out)}/ in "
              f"{outcome.seconds:.2f} s ({done}){tail}")


class ProgressBar:
    """A bar on a terminal while many stories are built; it clears itself."""

    WIDTH = 30
    FROM = 100       # stories to build: fewer take well under a second

    def __init__(self, stream=sys.stderr) -> None:
        self.stream = stream
        self.drawn = -1

    def __call__(self, done: int, total: int) -> None:
        if total < self.FROM:
            return
        filled = self.WIDTH * done // total
        if filled == self.drawn and done < total:
            return
        self.drawn = filled
        line = f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {done}/{total} stories"
        self.stream.write("\r" + (" " * len(line) + "\r" if done >= total else line))
        self.stream.flush()


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else (words or word + 's')}"
