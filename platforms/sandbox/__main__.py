"""`python -m platforms.sandbox`: run the sandbox instance (development tool) until Ctrl-C."""

from __future__ import annotations

import argparse
import logging

from platforms.sandbox.cli import add_arguments, config_from
from platforms.sandbox.server import serve


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m platforms.sandbox", description=__doc__)
    add_arguments(parser)
    options = vars(parser.parse_args(argv))
    logging.basicConfig(level=logging.INFO if options["verbose"] else logging.WARNING)
    serve(config_from(options))


if __name__ == "__main__":
    main()
