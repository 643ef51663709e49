import sys

from idlibstats.cli.main import main

sys.exit(main())
