"""Where incoming connection requests are kept until the store has a table for them.

The store holds one table per record type and none for requests yet, so they live next
to the database in `<database>.requests.json`: plain JSON, written atomically (temp +
fsync + rename) with mode 0600, read and written only under the database's lock (call
`save` inside `store.transaction()`). These two functions are the only code that knows;
a `requests` table in the store replaces them (`Store.requests()`, `Store.save_request()`).
"""

from __future__ import annotations

from pathlib import Path

import orjson

from .incoming import Request
from .store import Store, StoreError, atomic_write_bytes
from .store.quick import QuickRead

FORMAT = "cockpit_requests"


def path(store: Store | QuickRead) -> Path:
    return store.path.with_name(store.path.name + ".requests.json")


def load(store: Store | QuickRead) -> list[Request]:
    """Every request, in the order recorded; none when the file does not exist yet."""
    where = path(store)
    try:
        data = orjson.loads(where.read_bytes())
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise StoreError(f"cannot read {where}: {exc.strerror or exc}") from None
    except orjson.JSONDecodeError as exc:
        raise StoreError(f"{where} is not valid JSON ({exc}); it was left untouched") from None
    if not isinstance(data, dict) or not isinstance(data.get("requests"), list):
        raise StoreError(f"{where} is not a Cockpit requests file; it was left untouched")
    try:
        return [Request.from_dict(d) for d in data["requests"]]
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise StoreError(f"{where}: a request is malformed ({exc}); it was left untouched"
                         ) from None


def save(store: Store, requests: list[Request]) -> None:
    """Replace the file with `requests` (call inside `store.transaction()`: its lock)."""
    where = path(store)
    body = orjson.dumps({FORMAT: 1, "requests": [r.to_dict() for r in requests]},
                        option=orjson.OPT_INDENT_2)
    try:
        atomic_write_bytes(where, [body])
    except OSError as exc:
        raise StoreError(f"could not save {where}: {exc.strerror or exc}; nothing was changed"
                         ) from None
