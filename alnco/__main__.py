"""`python -m alnco` runs the same entry point as the `alnco` script."""

from alnco.entry import main

raise SystemExit(main())
