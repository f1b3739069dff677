import os

# Processes are the unit of parallelism here (gunicorn workers, Celery's prefork pool, one per core).
# numpy's OpenBLAS, which runs the entity recogniser's matrix products, would otherwise start a thread
# per core in every process and oversubscribe the machine. Set before numpy is first imported; a value
# in the environment wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from claimtrack.celery import app as celery_app

__all__ = ["celery_app"]
