"""`manage.py db_worker`: django-tasks-db's worker, made to survive what stops it. Its own loop
exits on the first database error that is not a lock; this one backs off (1 s doubling up to
KZCLAIMS_WORKER_MAX_BACKOFF seconds) and resumes when the database answers again. Between tasks
it re-enqueues extractions whose worker died (kzclaims.tasks.recover_stalled_extractions).

kzclaims is listed before django_tasks_db in INSTALLED_APPS, so this command replaces the one of
the same name; every option is the original's."""

import logging
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, connections
from django_tasks_db.management.commands import db_worker

from kzclaims.tasks import recover_stalled_extractions

logger = logging.getLogger("django_tasks_db")


class ResilientWorker(db_worker.Worker):
    """Runs the original loop in batch mode (every ready task, then back here), so that between
    batches it can sweep for stalled extractions and ride out a database outage."""

    def run(self) -> None:
        exit_when_idle, self.batch = self.batch, True
        delay = 1.0
        while self.running:
            try:
                close_old_connections()
                recover_stalled_extractions()
                super().run()
                delay = 1.0
            except (OperationalError, InterfaceError) as error:
                if not self.running:
                    raise
                first_line = (str(error).strip().splitlines() or [""])[0]
                logger.warning(
                    "Database unavailable (%s: %s); retrying in %.0f s",
                    type(error).__name__,
                    first_line,
                    delay,
                )
                connections.close_all()
                time.sleep(delay)
                delay = min(delay * 2, settings.KZCLAIMS_WORKER_MAX_BACKOFF)
                continue
            finally:
                self.startup_delay = False  # once, at the start
            if exit_when_idle or (self.max_tasks is not None and self._run_tasks >= self.max_tasks):
                return
            time.sleep(self.interval)


class Command(db_worker.Command):
    help = db_worker.Command.help + " (resumes after a database outage; recovers stalled tasks)"

    def handle(self, *args, **options):
        # The original builds its Worker by name from its own module.
        original = db_worker.Worker
        db_worker.Worker = ResilientWorker
        try:
            return super().handle(*args, **options)
        finally:
            db_worker.Worker = original
