"""``python -m ketenmining.examples``: generate the example chain (see :mod:`.cli`)."""

from ketenmining.examples.cli import main

if __name__ == "__main__":
    main()
