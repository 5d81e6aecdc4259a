"""Allow ``python -m ketenmining``."""

from ketenmining.cli import main

if __name__ == "__main__":
    main()
