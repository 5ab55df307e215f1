from tests.comparison.conftest import fresh_cache, reports  # noqa: F401 - the compare page's data
from tests.review.conftest import review_data  # noqa: F401 - the pages' data
