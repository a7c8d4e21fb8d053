"""`python -m watcher`, and the `watcher` command.

Kept light: the processes that read pages in parallel start by importing the
main module, and need none of the command line.
"""

import gc


def run() -> None:
    # No collection of cycles while the command starts: see `watcher.cli.started`.
    gc.disable()
    from watcher.cli import main

    main()


if __name__ == "__main__":
    run()
