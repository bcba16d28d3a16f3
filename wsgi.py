"""The one entry point: `flask --app wsgi ...` and `gunicorn -c gunicorn.conf.py wsgi:app`."""

import sys

from participation import ConfigurationError, create_app

try:
    app = create_app()
except ConfigurationError as exc:
    # one line on stderr and a non-zero exit, not a traceback, for whoever starts the server
    print(f"zukunftsstadt: refusing to start: {exc}", file=sys.stderr, flush=True)
    sys.exit(2)
