"""`python -m alnco` runs the same entry point as the `alnco` script."""

from alnco.cli import main

raise SystemExit(main())
