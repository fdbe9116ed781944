"""``python -m cleantext``."""

from cleantext.cli import main

if __name__ == "__main__":
    main(prog_name="cleantext")
