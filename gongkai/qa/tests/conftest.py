import pytest
from django.core.management import call_command


@pytest.fixture
def library(db, seeds_dir):
    """The five seed documents, imported as `make demo` does."""
    call_command("import_documents", str(seeds_dir), verbosity=0)


@pytest.fixture
def qa_demo(transactional_db, seeds_dir):
    """The demo county, the seeds and the Q&A demo content (with the 条例 excerpt), for a live server."""
    from io import StringIO

    from gongkai.core.demo import seed_organisations_and_users
    from gongkai.qa.demo import seed_content

    orgs = seed_organisations_and_users()
    call_command("import_documents", str(seeds_dir), "--org", orgs["gov"].credit_code, stdout=StringIO())
    seed_content(orgs)
    return orgs
