import io
import struct
import subprocess
import sys
import warnings
import zlib

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, resolve, reverse
from PIL import ExifTags, Image, ImageFile, PngImagePlugin

from improvements import photos
from improvements.models import Photo
from improvements.photos import MAX_UPLOAD_BYTES, ahash_distance, prepare_photo
from improvements.services import photo_add, photo_delete
from tests.factories import ImprovementFactory, add_photo, image_upload, picture

pytestmark = pytest.mark.django_db

NOT_A_PHOTO = "This file is not a JPEG, PNG or WebP picture, or it is damaged. Choose a photo in one of these formats."
TOO_MANY_PIXELS = "This picture has more than 40 million pixels, too many to process. Choose a smaller photo."
TOO_MANY_PNG_WEBP = "This picture has more than 8 million pixels, too many to process. Choose a smaller photo."


def rejection(uploaded_file):
    with pytest.raises(ValidationError) as excinfo:
        prepare_photo(uploaded_file)
    return excinfo.value.messages


def stored_picture(field_file):
    field_file.open("rb")
    try:
        return Image.open(io.BytesIO(field_file.read()))
    finally:
        field_file.close()


def gps_exif():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (31.0, 7.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (104.0, 23.0, 5.0)
    return exif


def png_header_only(width, height):
    """A PNG of a few dozen bytes whose header declares width x height black-and-white pixels."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    content = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")
    return SimpleUploadedFile("bomb.png", content, content_type="image/png")


THREE_MEGAPIXELS = Image.new("RGB", (2000, 1500), (90, 120, 150))


def jpeg_bytes(image=None, **save_options):
    buffer = io.BytesIO()
    (image or picture()).save(buffer, format="JPEG", **save_options)
    return buffer.getvalue()


def with_colours_in_separate_scans(jpeg):
    """The JPEG with its first scan rewritten to carry one colour component instead of all three, as a JPEG whose
    colours come in separate scans starts. Only the header is right: enough for checks made before decoding."""
    start = jpeg.index(b"\xff\xda")
    length = int.from_bytes(jpeg[start + 2 : start + 4], "big")
    first_component = jpeg[start + 5 : start + 7]
    one_component_scan = b"\xff\xda" + (8).to_bytes(2, "big") + b"\x01" + first_component + b"\x00\x3f\x00"
    return jpeg[:start] + one_component_scan + jpeg[start + 2 + length :]


@pytest.fixture
def no_decoding(monkeypatch):
    """Fails the test if Pillow starts decoding pixels."""

    def load(self):
        raise AssertionError(f"{self.format} picture of {self.size} decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)


def bomb_png(width, height):
    """A PNG of a few kilobytes that declares width x height pixels."""
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, format="PNG")
    return SimpleUploadedFile("bomb.png", buffer.getvalue(), content_type="image/png")


@pytest.mark.parametrize(
    "image_format, stored_format, extension",
    [("JPEG", "jpeg", ".jpg"), ("PNG", "png", ".png"), ("WEBP", "webp", ".webp")],
)
def test_jpeg_png_and_webp_photos_are_stored_in_their_own_format(image_format, stored_format, extension):
    photo = photo_add(
        user=None,
        improvement=ImprovementFactory(),
        stage=Photo.Stage.BEFORE,
        caption_en="Cables in bags",
        uploaded_file=image_upload(name="IMG_0001.any", image_format=image_format),
    )

    assert photo.format == stored_format
    assert photo.content_type == f"image/{stored_format}"
    for size in Photo.SIZES:
        stored = photo.file(size)
        assert stored.name.endswith(extension)
        assert "IMG_0001" not in stored.name
        assert stored_picture(stored).format == image_format


def test_png_headed_html_polyglot_is_rejected():
    polyglot = b"\x89PNG\r\n\x1a\n<html><body><script>alert(document.cookie)</script></body></html>"

    assert rejection(SimpleUploadedFile("photo.png", polyglot, content_type="image/png")) == [NOT_A_PHOTO]


def test_html_hidden_after_a_real_png_is_dropped_by_re_encoding():
    buffer = io.BytesIO()
    picture().save(buffer, format="PNG")
    upload = SimpleUploadedFile("photo.png", buffer.getvalue() + b"<script>alert(1)</script>")

    photo = photo_add(
        user=None, improvement=ImprovementFactory(), stage=Photo.Stage.AFTER, caption_en="", uploaded_file=upload
    )

    for size in Photo.SIZES:
        photo.file(size).open("rb")
        assert b"<script>" not in photo.file(size).read()
        photo.file(size).close()


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n", b"MZ\x90\x00 not a picture", b""],
    ids=["pdf", "executable", "empty"],
)
def test_non_image_renamed_jpg_is_rejected(content):
    upload = SimpleUploadedFile("photo.jpg", content, content_type="image/jpeg")

    assert rejection(upload) == [NOT_A_PHOTO]


def test_picture_in_another_format_is_rejected():
    assert rejection(image_upload(name="photo.jpg", image_format="GIF")) == [NOT_A_PHOTO]


def test_truncated_jpeg_is_rejected():
    upload = image_upload()
    truncated = SimpleUploadedFile("photo.jpg", upload.read()[:2000], content_type="image/jpeg")

    assert rejection(truncated) == [NOT_A_PHOTO]


@pytest.mark.parametrize("width, height", [(7000, 6000), (10000, 10000)], ids=["42_megapixels", "100_megapixels"])
def test_decompression_bomb_is_rejected_with_a_clear_message(width, height):
    upload = bomb_png(width, height)
    assert upload.size < 100_000

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)  # as ImprovementsConfig.ready sets it
        assert rejection(upload) == [TOO_MANY_PIXELS]


def test_too_many_pixels_are_refused_even_where_pillow_only_warns():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        assert rejection(bomb_png(7000, 6000)) == [TOO_MANY_PIXELS]


def test_png_declaring_1_by_40_million_pixels_is_refused_from_its_header_before_decoding(no_decoding):
    upload = png_header_only(1, 40_000_000)
    assert upload.size < 100

    assert rejection(upload) == [
        "This picture is 1 × 40000000 pixels; no side may be longer than 16384 pixels. Choose a smaller photo."
    ]


@pytest.mark.parametrize("image_format", ["PNG", "WEBP"])
def test_png_and_webp_over_8_megapixels_are_refused_before_decoding(image_format, no_decoding):
    upload = image_upload(Image.new("L", (4000, 2100)), name="big.any", image_format=image_format)

    assert rejection(upload) == [TOO_MANY_PNG_WEBP]


def test_jpeg_over_the_decoding_budget_is_decoded_straight_to_a_smaller_scale(monkeypatch):
    monkeypatch.setattr(photos, "MAX_DECODED_PIXELS", 100_000)
    decoded_sizes = []
    original_load = ImageFile.ImageFile.load

    def load(self):
        decoded_sizes.append(self.size)
        return original_load(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)

    prepared = prepare_photo(image_upload(picture(size=(640, 480))))

    assert set(decoded_sizes) == {(320, 240)}
    assert (prepared.width, prepared.height) == (320, 240)


@pytest.mark.parametrize(
    "jpeg",
    [
        pytest.param(lambda: jpeg_bytes(THREE_MEGAPIXELS, progressive=True), id="progressive"),
        pytest.param(lambda: with_colours_in_separate_scans(jpeg_bytes(THREE_MEGAPIXELS)), id="separate_scans"),
    ],
)
def test_jpeg_decoded_whole_by_libjpeg_over_the_budget_is_refused_before_decoding(jpeg, monkeypatch, no_decoding):
    monkeypatch.setattr(photos, "MAX_DECODED_PIXELS", 2_000_000)

    assert rejection(SimpleUploadedFile("photo.jpg", jpeg())) == [
        "This picture has more than 2 million pixels, too many to process. Choose a smaller photo."
    ]


def test_multi_picture_jpeg_from_a_phone_is_accepted_as_jpeg():
    buffer = io.BytesIO()
    picture(seed=1).save(buffer, format="MPO", save_all=True, append_images=[picture(seed=2)])
    assert Image.open(io.BytesIO(buffer.getvalue())).format == "MPO"

    photo = photo_add(
        user=None,
        improvement=ImprovementFactory(),
        stage=Photo.Stage.BEFORE,
        caption_en="",
        uploaded_file=SimpleUploadedFile("IMG_0002.JPG", buffer.getvalue(), content_type="image/jpeg"),
    )

    assert photo.format == "jpeg"
    assert stored_picture(photo.image).format == "JPEG"
    assert photo.ahash == prepare_photo(image_upload(picture(seed=1))).ahash


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_truncated_photo_is_refused_even_after_weasyprint_allowed_truncated_images(image_format, monkeypatch):
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)  # what importing WeasyPrint does, process-wide
    whole = image_upload(picture(size=(800, 600)), image_format=image_format).read()
    truncated = SimpleUploadedFile(f"photo.{image_format.lower()}", whole[: len(whole) * 2 // 3])

    assert rejection(truncated) == [NOT_A_PHOTO]
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True


def test_file_over_10_mb_is_rejected_before_decoding():
    real_jpeg = image_upload().read()
    upload = SimpleUploadedFile("big.jpg", real_jpeg + b"\0" * (12 * 1024 * 1024 - len(real_jpeg)))
    just_over = SimpleUploadedFile("big.jpg", real_jpeg + b"\0" * (MAX_UPLOAD_BYTES + 1 - len(real_jpeg)))

    assert [message.replace("\xa0", " ") for message in rejection(upload)] == [
        "This photo is 12.0 MB; the limit is 10.0 MB. Choose a smaller photo or lower the camera resolution."
    ]
    assert rejection(just_over)[0].startswith("This photo is")


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_stored_copies_have_no_exif_gps_or_other_metadata(image_format):
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "taken at the Deyang plant")
    options = {"pnginfo": text} if image_format == "PNG" else {}
    upload = image_upload(image_format=image_format, exif=gps_exif(), **options)
    assert Image.open(upload).getexif().get_ifd(ExifTags.IFD.GPSInfo), "the upload itself carries GPS data"

    photo = photo_add(
        user=None, improvement=ImprovementFactory(), stage=Photo.Stage.BEFORE, caption_en="", uploaded_file=upload
    )

    for size in Photo.SIZES:
        stored = stored_picture(photo.file(size))
        assert len(stored.getexif()) == 0
        assert not {"exif", "icc_profile", "Comment", "xmp"} & set(stored.info)


def test_photo_with_exif_orientation_6_is_stored_upright():
    sideways = picture(size=(640, 480))
    sideways.paste((255, 0, 0), (0, 0, 40, 40))  # a red mark in the top-left corner of the sensor image
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # the camera was turned: show the picture rotated 90° clockwise

    photo = photo_add(
        user=None,
        improvement=ImprovementFactory(),
        stage=Photo.Stage.AFTER,
        caption_en="",
        uploaded_file=image_upload(sideways, exif=exif, quality=95),
    )

    assert (photo.width, photo.height) == (480, 640)
    stored = stored_picture(photo.image)
    assert stored.size == (480, 640)
    red, green, blue = stored.getpixel((460, 20))  # the mark is now at the top right
    assert red > 200 and green < 60 and blue < 60
    assert stored_picture(photo.display).size == (480, 640)
    assert stored_picture(photo.thumbnail).size == (240, 320)


def test_display_and_thumbnail_sizes_are_made_once_at_upload():
    photo = photo_add(
        user=None,
        improvement=ImprovementFactory(),
        stage=Photo.Stage.BEFORE,
        caption_en="",
        uploaded_file=image_upload(picture(size=(3000, 2000))),
    )

    assert stored_picture(photo.image).size == (3000, 2000)
    assert stored_picture(photo.display).size == (1280, 853)
    assert stored_picture(photo.thumbnail).size == (320, 213)


def test_average_hash_survives_recompression_but_tells_different_pictures_apart():
    original = prepare_photo(image_upload(picture(seed=1), quality=95))
    recompressed = prepare_photo(image_upload(picture(seed=1, size=(800, 600)), quality=30))
    other = prepare_photo(image_upload(picture(seed=2)))

    assert len(original.ahash) == 16
    assert ahash_distance(original.ahash, recompressed.ahash) <= 4
    assert ahash_distance(original.ahash, other.ahash) > 4


def test_deleting_a_photo_removes_its_files(django_capture_on_commit_callbacks):
    photo = add_photo(ImprovementFactory())
    storage = photo.image.storage
    names = [photo.file(size).name for size in Photo.SIZES]

    with django_capture_on_commit_callbacks(execute=True):
        photo_delete(user=None, photo=photo)

    assert not Photo.objects.filter(pk=photo.pk).exists()
    assert not any(storage.exists(name) for name in names)


# Serving photos


@pytest.fixture
def photo(improvement):
    return add_photo(improvement, caption_en="Cables in bags")


@pytest.mark.parametrize("size", ["thumbnail", "display", "original"])
def test_coordinator_gets_photo_bytes_that_no_cache_may_keep(client, coordinator, photo, size):
    client.force_login(coordinator)

    response = client.get(reverse("improvements:photo", args=[photo.pk, size]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"
    body = b"".join(response.streaming_content)
    assert Image.open(io.BytesIO(body)).size == stored_picture(photo.file(size)).size


def test_viewer_of_the_same_partner_sees_the_photo(client, viewer, photo):
    client.force_login(viewer)

    assert client.get(photo.url_for("thumbnail")).status_code == 200


def test_coordinator_of_another_partner_gets_404_for_the_photo(client, outsider, photo):
    client.force_login(outsider)

    for size in Photo.SIZES:
        assert client.get(photo.url_for(size)).status_code == 404


def test_anonymous_user_is_sent_to_sign_in_without_photo_bytes(client, photo):
    response = client.get(photo.url_for("display"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not getattr(response, "streaming", False)
    assert b"JFIF" not in response.content


def test_unknown_photo_size_is_404(client, coordinator, photo):
    client.force_login(coordinator)

    assert client.get(reverse("improvements:photo", args=[photo.pk, "huge"])).status_code == 404


def test_photo_views_do_not_accept_post(client, coordinator, photo):
    client.force_login(coordinator)

    assert client.post(photo.url_for("display")).status_code == 405


def test_media_files_are_not_served_at_media_url(client, coordinator, photo):
    client.force_login(coordinator)
    path = f"/media/{photo.image.name}"

    assert client.get(path).status_code == 404
    with pytest.raises(Resolver404):
        resolve(path)


def test_x_accel_mode_hands_the_file_to_nginx_after_the_check(client, coordinator, photo, settings):
    settings.PHOTO_SERVE_MODE = "x-accel"
    settings.PHOTO_X_ACCEL_LOCATION = "/protected-media/"
    client.force_login(coordinator)

    response = client.get(photo.url_for("thumbnail"))

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{photo.thumbnail.name}"
    assert response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    assert response.content == b""


def test_x_accel_mode_still_refuses_outsiders(client, outsider, photo, settings):
    settings.PHOTO_SERVE_MODE = "x-accel"
    client.force_login(outsider)

    response = client.get(photo.url_for("thumbnail"))

    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


def test_storage_url_mode_redirects_to_the_storage_url_after_the_check(client, coordinator, photo, settings):
    settings.PHOTO_SERVE_MODE = "storage-url"
    client.force_login(coordinator)

    response = client.get(photo.url_for("display"))

    assert response.status_code == 302
    assert response["Location"] == photo.display.url
    assert "no-store" in response["Cache-Control"]


def test_photo_whose_file_is_missing_is_404(client, coordinator, photo):
    photo.display.storage.delete(photo.display.name)
    client.force_login(coordinator)

    assert client.get(photo.url_for("display")).status_code == 404


# Memory: one worker checks the largest photos it accepts, each of a kind that costs the most to decode.

MEASURE_PEAK = """
import sys
import django

django.setup()
import weasyprint  # noqa: F401  a worker that has served a PDF

from django.core.files.uploadedfile import SimpleUploadedFile
from improvements.photos import prepare_photo


def high_water_mb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) // 1024


print(high_water_mb())
for path in sys.argv[1:]:
    with open(path, "rb") as upload:
        prepare_photo(SimpleUploadedFile(path, upload.read()))
print(high_water_mb())
"""


def largest_accepted_photos(folder):
    """Photos at the limits: a 40-megapixel JPEG (decoded at half size), a 16-megapixel progressive CMYK JPEG
    (decoded whole), a sideways 16-megapixel JPEG, and 8-megapixel PNG and WebP pictures with transparency."""

    def scene(size, mode="RGB"):
        ramp = Image.linear_gradient("L").resize(size)
        return Image.merge("RGB", (ramp, ramp.transpose(Image.Transpose.FLIP_LEFT_RIGHT), ramp)).convert(mode)

    sideways = Image.Exif()
    sideways[ExifTags.Base.Orientation] = 6
    photos_at_the_limits = {
        "40mp.jpg": (scene((7300, 5470)), {"format": "JPEG", "quality": 60, "subsampling": 0}),
        "16mp-progressive-cmyk.jpg": (scene((4600, 3470), "CMYK"), {"format": "JPEG", "progressive": True}),
        "16mp-sideways.jpg": (scene((4600, 3470)), {"format": "JPEG", "exif": sideways}),
        "8mp.png": (scene((3460, 2310), "RGBA"), {"format": "PNG"}),
        "8mp.webp": (scene((3460, 2310), "RGBA"), {"format": "WEBP"}),
    }
    paths = []
    for name, (image, options) in photos_at_the_limits.items():
        paths.append(folder / name)
        image.save(paths[-1], **options)
        assert paths[-1].stat().st_size < MAX_UPLOAD_BYTES
    return paths


def test_a_worker_checking_the_largest_accepted_photos_stays_under_300_mb(tmp_path):
    paths = largest_accepted_photos(tmp_path)

    result = subprocess.run(
        [sys.executable, "-c", MEASURE_PEAK, *map(str, paths)],
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        timeout=120,
        check=True,
    )

    at_start, peak = map(int, result.stdout.split())
    assert at_start < peak < 300, f"peak {peak} MB (a worker starts at {at_start} MB)"
