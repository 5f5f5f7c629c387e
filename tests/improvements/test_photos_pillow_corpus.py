"""Every file of Pillow's own collection of odd, broken and hostile images (`Tests/images` in its source
distribution) uploaded through the photo form: each is stored or refused with a message, none gives a 500.

The source distribution of the Pillow version pinned in requirements.txt is downloaded once with pip and kept in
~/.cache/score-mis (or $XDG_CACHE_HOME/score-mis), outside the repository.
"""

import os
import re
import subprocess
import sys
import tarfile
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from improvements.models import Photo

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.pillow_corpus,
    pytest.mark.filterwarnings("ignore::UserWarning:PIL"),  # Pillow's notes on the broken files it reads
]

CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "score-mis"


def pinned_pillow_version():
    requirements = (settings.BASE_DIR / "requirements.txt").read_text()
    return re.search(r"^pillow==(\S+)$", requirements, re.MULTILINE | re.IGNORECASE).group(1)


def pillow_sdist():
    version = pinned_pillow_version()
    sdist = CACHE / f"pillow-{version}.tar.gz"
    if not sdist.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        download = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:"]
        subprocess.run([*download, f"pillow=={version}", "--dest", str(CACHE)], check=True, timeout=600)
    return sdist


def corpus_files():
    """(path inside the source distribution, bytes) of every file under Tests/images."""
    with tarfile.open(pillow_sdist()) as sdist:
        for member in sdist:
            if member.isfile() and "/Tests/images/" in member.name:
                yield member.name.split("/Tests/images/", 1)[1], sdist.extractfile(member).read()


def test_every_image_of_pillows_test_corpus_is_stored_or_refused_with_a_message_never_a_500(
    client, coordinator, improvement
):
    client.force_login(coordinator)
    client.raise_request_exception = False
    url = reverse("improvements:photo_add", args=[improvement.pk])
    outcomes, failures = Counter(), []

    for name, content in corpus_files():
        upload = SimpleUploadedFile(Path(name).name, content, content_type="application/octet-stream")
        response = client.post(url, {"stage": Photo.Stage.BEFORE, "caption_en": name[:255], "photo": upload})
        if response.status_code == 302:
            outcomes["stored"] += 1
        elif response.status_code == 200 and response.context["form"].errors.get("photo"):
            outcomes["refused with a message"] += 1
        else:
            failures.append(f"{name}: {response.status_code}")

    print(f"Pillow's Tests/images: {sum(outcomes.values()) + len(failures)} tried, {dict(outcomes)}")
    assert not failures, failures
    assert outcomes["stored"] == improvement.photos.count() > 100
    assert outcomes["refused with a message"] > 100
