"""`chainmap serve`: the interactive page, live, for a workshop or a team editing its YAML."""

from __future__ import annotations

import click

from ..render import RenderOptions
from ..theme import PAGE_THEMES  # the page's own; it swaps between them with its Projector button
from .common import lang_option, optional_date, paths_argument, reports_errors, summary_line


@click.command()
@paths_argument
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on; 0 picks a free one.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. The default lets only this machine in.")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the default browser.")
@click.option("--title", help="Title above the map. Default: the 'organization:' of the input.")
@click.option("--theme", type=click.Choice(PAGE_THEMES), default="default", show_default=True,
              help="The theme the page starts in; projector: large type and thick lines for a room.")
@lang_option
# Unlike the other commands, no default for --as-of: without it each reload judges from
# the day it runs, so a server left running overnight is right the next morning.
@click.option("--as-of", "as_of", callback=optional_date, metavar="DATE",
              help="Judge staleness as on this date (YYYY-MM-DD). Default: the day of each reload.")
@click.option("--since", metavar="REV",
              help="Mark what changed since this git revision (new, better, worse, gone links), compared "
                   "again on each save; c on the page dims what did not change.")
@reports_errors
def serve(paths, port, host, open_browser, title, theme, lang, as_of, since):
    """Serve the interactive map and update it live while the YAML files change.

    Every open browser shows a save within a second, keeping its zoom, focus
    and filters. While a file is invalid the page keeps the last good map and
    shows the errors (path:line:col) on top, until the file is fixed. Files
    added to a watched directory are picked up. Nothing can be changed
    through the page. Ctrl-C stops the server.

    \b
    Examples:
      chainmap serve examples/acme --open
      chainmap serve teams/ --theme projector --lang nl
      chainmap serve teams/ payroll.yaml --port 8080
      chainmap serve teams/ --since main

    Exit codes: 0 stopped with Ctrl-C or SIGTERM, 2 a PATH is missing or not a
    file or folder, the port is in use, or --since names no revision of the files.
    """
    from ..serve import serve as run  # here: it reads team files through the YAML loader

    if since is not None:
        from ..revisions import map_at  # here: it reads git revisions through the YAML loader

        map_at(list(paths), since)  # a revision that cannot be read fails here, as chainmap diff does
    options = RenderOptions(title=title, theme=theme, lang=lang)
    run(paths, host=host, port=port, options=options, as_of=as_of, open_browser=open_browser,
        describe=summary_line, since=since)
