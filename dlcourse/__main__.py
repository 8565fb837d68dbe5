"""Command line: ``python -m dlcourse COMMAND`` (or ``dlcourse COMMAND`` once installed).

Commands:
  doctor    check Python, TensorFlow, Keras, GPUs, graphviz and data sources (exit 1 if broken)
  student   write student copies of the notebooks (solutions replaced by stubs)
  colab     write the Colab badge and bootstrap cell into every notebook
  grade     run submitted student notebooks and write grades (CSV) and feedback files
"""

import sys

AUTHORING_EXTRA = (
    'it needs the authoring tools: pip install "dlcourse[authoring]" (in a checkout: '
    'pip install -e ".[authoring]"; make student and make colab do it)'
)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    if command == "doctor":
        from dlcourse.diagnose import main as run
    elif command in ("student", "colab", "grade"):
        try:
            run = _authoring(command)
        except ModuleNotFoundError as error:
            if error.name not in ("nbformat", "nbclient"):
                raise
            print(f"error: `python -m dlcourse {command}` is a teachers' tool and {error.name} is "
                  f"not installed: {AUTHORING_EXTRA}.", file=sys.stderr)
            return 2
    else:
        print(f"Unknown command {command!r}.\n{__doc__}", file=sys.stderr)
        return 2
    return run(rest)


def _authoring(command: str):
    if command == "student":
        from dlcourse.authoring.student import main
    elif command == "grade":
        from dlcourse.authoring.grade import main
    else:
        from dlcourse.authoring.colab import main
    return main


if __name__ == "__main__":
    sys.exit(main())
