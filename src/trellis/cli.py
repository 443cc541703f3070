"""The `trellis` console command.

`trellis serve`, `trellis demo`, `trellis createadmin` and every Django management command
(`trellis migrate`, `trellis shell -c ...`) run with Trellis' settings. `trellis readiness ...`
is the release engine's batch tool and needs no Django settings or database, except
`trellis readiness refit`, which fits a school's engine numbers from its evidence history.
"""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:2] == ["readiness", "refit"]:
        # The one readiness command that needs the database: the school's refit.
        argv = ["readiness_refit", *argv[2:]]
    elif argv and argv[0] == "readiness":
        from trellis.grr.cli import main as readiness_main

        return readiness_main(argv[1:])

    if argv and not argv[0].startswith("-"):
        # `trellis import-roster` reads better than Django's `import_roster`.
        argv[0] = argv[0].replace("-", "_")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trellis.settings.base")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["trellis", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
