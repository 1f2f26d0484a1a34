"""`python -m cockpit.cli`."""

from . import main

main()
