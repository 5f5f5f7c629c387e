"""Checking and re-encoding uploaded photos.

An upload is never trusted by its name or type. Before anything is decoded it is refused if it is over
MAX_UPLOAD_BYTES, if its header is not that of a JPEG (a phone's multi-picture JPEG included), PNG or WebP picture,
or if the header declares more than MAX_PIXELS pixels or a side longer than MAX_SIDE. Decoding is then held to
MAX_DECODED_PIXELS: a larger JPEG is decoded straight to a half, a quarter or an eighth of its size (JPEG decoders
scale while decoding, so the full size never sits in memory); a progressive JPEG above it is refused, and so is a
PNG or WebP above MAX_PNG_WEBP_PIXELS.
A damaged or truncated file is refused whatever Pillow's process-wide LOAD_TRUNCATED_IMAGES says (importing
WeasyPrint turns it on).

The picture is then turned upright by its EXIF orientation and saved again without any metadata (EXIF, GPS, ICC,
text chunks) at three sizes: the full picture, one fitting DISPLAY_SIZE and one fitting THUMBNAIL_SIZE. The full
picture is kept (re-encoded) so that a reviewer can zoom into details such as a guard or a label.
"""

import io
import threading
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from math import ceil

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, ImageOps

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# What a header may declare, whatever the format.
MAX_PIXELS = 40_000_000
MAX_SIDE = 16_384
# What is decoded. Each working copy is RGB or RGBA, which Pillow keeps in 4 bytes a pixel: at most 64 MB. A JPEG
# above it is decoded at a smaller scale, unless libjpeg must keep the whole picture anyway (progressive, or colours
# in separate scans): then it is refused. PNG and WebP cannot be scaled, and cost more time and memory a pixel
# (libwebp decodes through several full-size buffers): their own, lower limit. Measured peaks: see README.
MAX_DECODED_PIXELS = 16_000_000
MAX_PNG_WEBP_PIXELS = 8_000_000
JPEG_DECODING_SCALES = (1, 2, 4, 8)
DISPLAY_SIZE = 1280
THUMBNAIL_SIZE = 320
SIMILAR_AHASH_MAX_DISTANCE = 4


@dataclass(frozen=True)
class StoredFormat:
    value: str  # Photo.format
    pillow_format: str
    extension: str
    encoder_options: dict = field(default_factory=dict)


JPEG = StoredFormat("jpeg", "JPEG", "jpg", {"quality": 85, "optimize": True})
# Keyed by the format Pillow reports on opening; the only formats accepted. A multi-picture JPEG ("MPO", written by
# many phones) is a JPEG whose first picture is the photo.
FORMATS = {
    "JPEG": JPEG,
    "MPO": JPEG,
    "PNG": StoredFormat("png", "PNG", "png"),
    "WEBP": StoredFormat("webp", "WEBP", "webp", {"quality": 85}),
}
# The plugins that recognise these formats by their first bytes (MPO files are found by the JPEG plugin).
OPENERS = ["JPEG", "PNG", "WEBP"]

NOT_A_PHOTO = _(
    "This file is not a JPEG, PNG or WebP picture, or it is damaged. Choose a photo in one of these formats."
)
TOO_MANY_PIXELS = _(
    "This picture has more than %(megapixels)s million pixels, too many to process. Choose a smaller photo."
)
SIDE_TOO_LONG = _(
    "This picture is %(width)s × %(height)s pixels; no side may be longer than %(limit)s pixels. "
    "Choose a smaller photo."
)

# LOAD_TRUNCATED_IMAGES is one flag for the whole process: photo checks hold it off one at a time.
_truncation_flag_lock = threading.Lock()


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


@contextmanager
def _truncated_files_refused():
    with _truncation_flag_lock:
        before = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = before


def _too_many_pixels(limit):
    return ValidationError(TOO_MANY_PIXELS, code="too_many_pixels", params={"megapixels": limit // 1_000_000})


def _first_scan_components(stream):
    """How many colour components the first scan of a JPEG carries, from its marker segments (None if unreadable)."""
    stream.seek(2)  # past the start-of-image marker
    while True:
        marker = stream.read(2)
        while marker == b"\xff\xff":  # fill bytes
            marker = b"\xff" + stream.read(1)
        if len(marker) < 2 or marker[0] != 0xFF:
            return None
        if marker[1] == 0xDA:  # start of scan: length (2 bytes), then the number of components
            header = stream.read(3)
            return header[2] if len(header) == 3 else None
        length = int.from_bytes(stream.read(2), "big")
        if length < 2:
            return None
        stream.seek(length - 2, io.SEEK_CUR)


def _decoded_whole(picture, stream):
    """Whether libjpeg must hold the whole JPEG in memory to decode it, whatever the scale: a progressive one, or one
    whose colours come in separate scans."""
    return bool(picture.info.get("progressive")) or _first_scan_components(stream) != picture.layers


def _check_declared_size(picture, stream):
    """Refuse, from the header alone, a picture too large to decode within the limits above."""
    width, height = picture.size
    if width > MAX_SIDE or height > MAX_SIDE:
        raise ValidationError(
            SIDE_TOO_LONG, code="side_too_long", params={"width": width, "height": height, "limit": MAX_SIDE}
        )
    pixels = width * height
    if pixels > MAX_PIXELS:
        raise _too_many_pixels(MAX_PIXELS)
    is_jpeg = FORMATS[picture.format] is JPEG
    if not is_jpeg and pixels > MAX_PNG_WEBP_PIXELS:
        raise _too_many_pixels(MAX_PNG_WEBP_PIXELS)
    if is_jpeg and pixels > MAX_DECODED_PIXELS and _decoded_whole(picture, stream):
        raise _too_many_pixels(MAX_DECODED_PIXELS)


def _decode_within_budget(picture):
    """Decode the picture; a JPEG over MAX_DECODED_PIXELS straight to the first scale that fits."""
    width, height = picture.size
    if width * height > MAX_DECODED_PIXELS:
        scale = next(s for s in JPEG_DECODING_SCALES if ceil(width / s) * ceil(height / s) <= MAX_DECODED_PIXELS)
        picture.draft(picture.mode, (width // scale, height // scale))
        if picture.width * picture.height > MAX_DECODED_PIXELS:
            raise _too_many_pixels(MAX_DECODED_PIXELS)
    picture.load()


def open_photo(uploaded_file):
    """The upload decoded by Pillow within the limits above, or a ValidationError saying in plain words what is
    wrong with it."""
    if uploaded_file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("This photo is %(size)s; the limit is %(limit)s. Choose a smaller photo or lower the camera resolution."),
            code="file_too_large",
            params={"size": filesizeformat(uploaded_file.size), "limit": filesizeformat(MAX_UPLOAD_BYTES)},
        )
    uploaded_file.seek(0)
    try:
        with _truncated_files_refused():
            picture = Image.open(uploaded_file, formats=OPENERS)
            _check_declared_size(picture, uploaded_file)
            uploaded_file.seek(0)
            _decode_within_budget(picture)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(MAX_PIXELS) from None
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


def _encode(picture, stored_format, name):
    buffer = io.BytesIO()
    picture.save(buffer, format=stored_format.pillow_format, **stored_format.encoder_options)
    return ContentFile(buffer.getvalue(), name=name)


def _upright_without_metadata(picture, stored_format):
    """The pixels alone, upright and in a mode the format stores; nothing of the upload's metadata survives.
    Works on the decoded picture in place, so that at most two full-size copies exist at once."""
    ImageOps.exif_transpose(picture, in_place=True)
    has_alpha = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
    mode = "RGBA" if has_alpha and stored_format is not JPEG else "RGB"
    clean = picture if picture.mode == mode else picture.convert(mode)
    clean.info = {}
    return clean


def _smaller(picture, box_side):
    """The picture scaled down (never up) to fit a square of box_side, keeping its proportions; the picture itself
    if it already fits."""
    width, height = picture.size
    if max(width, height) <= box_side:
        return picture
    ratio = box_side / max(width, height)
    size = max(1, round(width * ratio)), max(1, round(height * ratio))
    return picture.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def prepare_photo(uploaded_file):
    """Check the upload (see open_photo) and re-encode it upright, without metadata, at three sizes."""
    picture = open_photo(uploaded_file)
    stored_format = FORMATS[picture.format]
    try:
        upright = _upright_without_metadata(picture, stored_format)
        del picture
        display = _smaller(upright, DISPLAY_SIZE)
        thumbnail = _smaller(display, THUMBNAIL_SIZE)
        name = f"{uuid.uuid4().hex}.{stored_format.extension}"
        return PreparedPhoto(
            format=stored_format.value,
            width=upright.width,
            height=upright.height,
            ahash=average_hash(upright),
            image=_encode(upright, stored_format, name),
            display=_encode(display, stored_format, name),
            thumbnail=_encode(thumbnail, stored_format, name),
        )
    except Exception:  # A hostile EXIF block or palette can still upset Pillow after decoding.
        raise ValidationError(NOT_A_PHOTO, code="not_a_photo") from None
