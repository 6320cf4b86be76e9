"""`python -m gmsd_fast`: the command line."""

from gmsd_fast.cli import main

if __name__ == "__main__":
    main()
