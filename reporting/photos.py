"""How reports show improvement photos: by URL on screen, embedded in documents that must stand alone."""

import base64
import io

from PIL import Image, UnidentifiedImageError

EMBEDDED_SIZE = 800


def photo_url(photo):
    """The address of a photo for a web page; "" if it has no file."""
    return photo.image.url if photo.image else ""


def photo_data_uri(photo):
    """The photo as a JPEG data URI fitting EMBEDDED_SIZE, for PDFs and frozen reports; "" if unreadable."""
    if not photo.image:
        return ""
    try:
        with photo.image.open("rb") as stored, Image.open(stored) as picture:
            picture.thumbnail((EMBEDDED_SIZE, EMBEDDED_SIZE))
            buffer = io.BytesIO()
            picture.convert("RGB").save(buffer, format="JPEG", quality=80)
    except (OSError, ValueError, UnidentifiedImageError):
        return ""
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
