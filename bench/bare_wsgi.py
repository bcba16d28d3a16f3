"""The bare baseline page (bare.py) as a WSGI app for gunicorn: `bench.bare_wsgi:app`.

Its 20 ideas are read once, at start, from the benchmark database in DATABASE_URL; then it
serves them from a Python list with no database, no Babel, no login (scale_bench.py).
"""

import os

from participation import create_app

from . import bare

_source = create_app({"APP_ENV": "development", "TESTING": False,
                      "SQLALCHEMY_DATABASE_URI": os.environ["DATABASE_URL"],
                      "SOCKETIO_ASYNC_MODE": "threading"})
app = bare.make_app(bare.rows_from(_source))
# the start probe of workshop_bench.Server asks for "/"
app.add_url_rule("/", "started", lambda: "ok")
