from idlibstats.cli.main import run

run()
