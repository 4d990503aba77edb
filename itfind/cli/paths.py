"""`itfind paths`: which files are in use."""

from __future__ import annotations

from itfind.cli import options
from itfind.cli.context import Run


@options.command(output=False, as_of=False)
def command(run: Run) -> None:
    """Show which catalogue files are in use, where the user overlay belongs, and the cache.

    Example: itfind paths
    """
    from itfind.catalogue import resolve_sources
    from itfind.paths import cache_dir, presence, profile_path, state_dir

    sources = resolve_sources(run.catalogue_paths)
    print(f"chosen by\t{sources.chosen_by}")
    for path in sources.files:
        print(f"catalogue\t{path}")
    shown = {"exists": "exists", "absent": "not present", "unreadable": "cannot be read"}
    print(f"overlay\t{sources.overlay}\t({shown[presence(sources.overlay)]})")
    print(f"packaged\t{sources.packaged}")
    profile = profile_path()
    print(f"profile\t{profile}\t({shown[presence(profile)]})")
    print(f"cache\t{cache_dir()}")
    print(f"state\t{state_dir()}\t(saved searches: itfind watch)")
