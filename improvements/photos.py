"""Checking and re-encoding uploaded photos.

An upload is decoded with Pillow (never trusted by its name or type), refused if it is not a JPEG,
PNG or WebP picture, is over MAX_UPLOAD_BYTES or over MAX_PIXELS, then turned upright by its EXIF
orientation and saved again without any metadata (EXIF, GPS, ICC, text chunks) at three sizes:
the full picture, one fitting DISPLAY_SIZE and one fitting THUMBNAIL_SIZE. The full picture is kept
(re-encoded) so that a reviewer can zoom into details such as a guard or a label.
"""

import io
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
DISPLAY_SIZE = 1280
THUMBNAIL_SIZE = 320
SIMILAR_AHASH_MAX_DISTANCE = 4


@dataclass(frozen=True)
class StoredFormat:
    value: str  # Photo.format
    extension: str
    encoder_options: dict = field(default_factory=dict)


# Keyed by Pillow's format name; the only formats accepted.
FORMATS = {
    "JPEG": StoredFormat("jpeg", "jpg", {"quality": 85, "optimize": True}),
    "PNG": StoredFormat("png", "png"),
    "WEBP": StoredFormat("webp", "webp", {"quality": 85}),
}

NOT_A_PHOTO = _(
    "This file is not a JPEG, PNG or WebP picture, or it is damaged. Choose a photo in one of these formats."
)


@dataclass(frozen=True)
class PreparedPhoto:
    """A checked upload re-encoded at the three stored sizes, ready to attach to a Photo."""

    format: str
    width: int
    height: int
    ahash: str
    image: ContentFile
    display: ContentFile
    thumbnail: ContentFile


def open_photo(uploaded_file):
    """The upload decoded by Pillow, or a ValidationError saying in plain words what is wrong with it."""
    if uploaded_file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("This photo is %(size)s; the limit is %(limit)s. Choose a smaller photo or lower the camera resolution."),
            code="file_too_large",
            params={"size": filesizeformat(uploaded_file.size), "limit": filesizeformat(MAX_UPLOAD_BYTES)},
        )
    too_many_pixels = ValidationError(
        _("This picture has more than %(megapixels)s million pixels, too many to process. Choose a smaller photo."),
        code="too_many_pixels",
        params={"megapixels": MAX_PIXELS // 1_000_000},
    )
    uploaded_file.seek(0)
    try:
        picture = Image.open(uploaded_file, formats=list(FORMATS))
        if picture.width * picture.height > MAX_PIXELS:
            raise too_many_pixels
        picture.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many_pixels from None
    except ValidationError:
        raise
    except Exception:  # Pillow raises many kinds of errors for files that are not what they claim to be.
        raise ValidationError(NOT_A_PHOTO, code="not_a_photo") from None
    return picture


def average_hash(picture):
    """A 64-bit perceptual hash as 16 hex digits: each bit says if one cell of an 8x8 grey thumbnail
    is brighter than the average. Re-saved, resized or slightly edited copies keep nearly the same bits."""
    cells = picture.convert("L").resize((8, 8), Image.Resampling.BOX).tobytes()
    average = sum(cells) / len(cells)
    bits = "".join("1" if cell > average else "0" for cell in cells)
    return f"{int(bits, 2):016x}"


def ahash_distance(first, second):
    """How many of the 64 bits differ between two average hashes."""
    return (int(first, 16) ^ int(second, 16)).bit_count()


def _encode(picture, pillow_format, name):
    buffer = io.BytesIO()
    picture.save(buffer, format=pillow_format, **FORMATS[pillow_format].encoder_options)
    return ContentFile(buffer.getvalue(), name=name)


def _without_metadata(picture, pillow_format):
    """The pixels alone, in a mode the format stores; nothing of the upload's metadata survives."""
    has_alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
    mode = "RGBA" if has_alpha and pillow_format != "JPEG" else "RGB"
    clean = Image.new(mode, picture.size)
    clean.paste(picture.convert(mode))
    return clean


def prepare_photo(uploaded_file):
    """Check the upload (see open_photo) and re-encode it upright, without metadata, at three sizes."""
    picture = open_photo(uploaded_file)
    pillow_format = picture.format
    upright = _without_metadata(ImageOps.exif_transpose(picture), pillow_format)
    name = f"{uuid.uuid4().hex}.{FORMATS[pillow_format].extension}"
    display, thumbnail = upright.copy(), upright.copy()
    display.thumbnail((DISPLAY_SIZE, DISPLAY_SIZE), Image.Resampling.LANCZOS)
    thumbnail.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE), Image.Resampling.LANCZOS)
    return PreparedPhoto(
        format=FORMATS[pillow_format].value,
        width=upright.width,
        height=upright.height,
        ahash=average_hash(upright),
        image=_encode(upright, pillow_format, name),
        display=_encode(display, pillow_format, name),
        thumbnail=_encode(thumbnail, pillow_format, name),
    )
