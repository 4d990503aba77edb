"""The `itfind` entry point. `itfind --version` is answered here, before the command-line
framework is imported: scripts call it in loops, and it should cost no more than Python's
own start-up."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else list(argv)
    if args == ["--version"] and sys.stdout is not None:
        from itfind import __version__
        from itfind.paths import catalogue_as_of

        try:
            print(f"itfind {__version__} (catalogue as of {catalogue_as_of()})", flush=True)
        except BrokenPipeError:
            pass
        except OSError as error:  # a full disk: one line on stderr, exit 1
            if sys.stderr is not None:
                print(f"itfind: error: cannot write the output ({error.strerror})", file=sys.stderr)
            sys.exit(1)
        sys.exit(0)
    from itfind.cli import main as cli_main

    cli_main(args)


if __name__ == "__main__":
    main()
