"""How reports show improvement photos.

On screen, readers who may open the improvement itself (ILO staff, partner users) load each photo
through the improvements app's scoped photo view. Committee members read no raw records, and
documents must stand alone (PDF, frozen reports): for them photos are embedded as data URIs.
"""

import base64
import io

from PIL import Image, UnidentifiedImageError

EMBEDDED_PIXELS = {"thumbnail": 320, "display": 800}


def photo_url(photo, size):
    """The scoped address of one size of a photo ("thumbnail" or "display")."""
    return photo.url_for(size)


def photo_data_uri(photo, size):
    """The photo as a JPEG data URI fitting the size; "" if no file of it can be read."""
    stored = photo.file(size) or photo.file("original")
    if stored is None:
        return ""
    pixels = EMBEDDED_PIXELS[size]
    try:
        with stored.open("rb"), Image.open(stored) as picture:
            picture.thumbnail((pixels, pixels))
            buffer = io.BytesIO()
            picture.convert("RGB").save(buffer, format="JPEG", quality=80)
    except (OSError, ValueError, UnidentifiedImageError):
        return ""
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
