"""`gmsd-fast` and `python -m gmsd_fast`: the command line (`gmsd_fast.cli`).

The entry point imports the command line itself, so that a Ctrl-C while Python imports it
ends the run as one after it started does: one line, exit 130, never Python's traceback."""

import signal
import sys


def main() -> None:
    try:
        from gmsd_fast.cli import main as run
    except KeyboardInterrupt:
        # Nothing was read or written yet.
        from gmsd_fast.messages import STOP_SIGNALS, lang_from_argv, t

        lang = lang_from_argv(sys.argv[1:])
        message = t("stopped_by_signal", lang, signal=STOP_SIGNALS[signal.SIGINT])
        sys.stderr.write(f"{t('error_prefix', lang)}: {message}\n")
        sys.exit(128 + signal.SIGINT)
    run()


if __name__ == "__main__":
    main()
