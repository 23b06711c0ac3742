"""Build stage (workers): imported last by the fork server, so that each worker forked from it starts warm."""
from ..tools import weasy

try:
    weasy.warm()
except Exception:  # noqa: BLE001 - the fork server must start: without the warm-up, the first render pays
    pass
