import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction


def assert_rejected(obj, message, field=NON_FIELD_ERRORS):
    """full_clean() reports `message` on `field` and nothing else, and the database refuses the row even
    when validation is skipped."""
    with pytest.raises(ValidationError) as excinfo:
        obj.full_clean()
    assert excinfo.value.message_dict == {field: [message]}
    with pytest.raises(IntegrityError), transaction.atomic():
        obj.save()
