import pytest
from django.core.management import call_command


@pytest.fixture
def demo_data(transactional_db, seeds_dir, django_db_serialized_rollback):
    """The demo county, the seeds and each app's demo content, as `make demo` builds them.

    Browser tests use a live server, so the database is flushed after each test; the working-day
    calendar is reloaded here because the flush empties it.
    """
    from io import StringIO

    from gongkai.core.models import WorkdayCalendar

    if not WorkdayCalendar.objects.exists():
        call_command("load_calendar", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    call_command("import_documents", str(seeds_dir), "--org", "11320199MB12345628", stdout=StringIO())
    call_command("seed_demo", "--content", stdout=StringIO())
