import pytest
from django.core.management import call_command


@pytest.fixture
def library(db, seeds_dir):
    """The five seed documents, imported as `make demo` does."""
    call_command("import_documents", str(seeds_dir), verbosity=0)
