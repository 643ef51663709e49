"""Layer 8, the command line: ``idlibstats COMMAND``. It parses arguments, calls the library and prints;
the work and the rendering live in the faces and the layers below.
"""

from idlibstats.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
