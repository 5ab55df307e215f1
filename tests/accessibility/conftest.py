from tests.review.conftest import review_data  # noqa: F401 - the pages' data
