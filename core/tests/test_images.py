"""The one check and re-encoding of uploaded images (logos, news pictures)."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from core.images import IMAGE_MAX_PIXELS, ImageError, image_check, image_fit_webp

_FORMAT_MESSAGE = "Send a PNG, JPEG or WebP picture."


def _upload(size=(100, 50), image_format="PNG", *, mode="RGB", name="picture.png", **save):
    buffer = BytesIO()
    Image.new(mode, size, 1 if mode == "1" else None).save(buffer, format=image_format, **save)
    return SimpleUploadedFile(name, buffer.getvalue())


def _check(upload, max_bytes=1024 * 1024):
    with translation.override("en"):
        image_check(upload, max_bytes=max_bytes, format_message=_FORMAT_MESSAGE)


@pytest.mark.parametrize("image_format", ["PNG", "JPEG", "WEBP"])
def test_a_png_jpeg_or_webp_image_passes_and_is_left_at_its_start(image_format):
    upload = _upload(image_format=image_format)
    upload.seek(10)
    _check(upload)
    assert upload.tell() == 0


def test_an_image_heavier_than_the_limit_is_refused_with_both_sizes():
    upload = _upload()
    with pytest.raises(ImageError, match=r"This image weighs \d+\sbytes; the limit is 10\sbytes"):
        _check(upload, max_bytes=10)


def test_text_named_like_an_image_is_refused_whatever_its_name():
    upload = SimpleUploadedFile("picture.png", b"I am not an image, just text.")
    with pytest.raises(ImageError, match="not an image, or it is damaged"):
        _check(upload)
    assert upload.tell() == 0


def test_a_truncated_image_is_refused_as_damaged():
    whole = _upload((300, 300)).read()
    with pytest.raises(ImageError, match="not an image, or it is damaged"):
        _check(SimpleUploadedFile("picture.png", whole[:60]))


def test_an_image_of_another_format_gets_the_callers_message():
    with pytest.raises(ImageError) as refused:
        _check(_upload(image_format="GIF", name="picture.gif"))
    assert str(refused.value) == _FORMAT_MESSAGE


def test_a_small_file_that_decodes_to_too_many_pixels_is_refused():
    # One bit per pixel and a single colour: a few kilobytes for 48 million pixels.
    upload = _upload((8000, 6000), mode="1")
    assert 8000 * 6000 > IMAGE_MAX_PIXELS
    assert upload.size < 1024 * 1024
    with pytest.raises(ImageError, match="too many pixels"):
        _check(upload)


def _fitted(upload, box=(400, 400), quality=85) -> Image.Image:
    content = image_fit_webp(upload, box=box, quality=quality)
    image = Image.open(BytesIO(content.read()))
    image.load()
    return image


def test_fitting_keeps_the_proportions_within_the_box_and_saves_webp():
    image = _fitted(_upload((1600, 800), "JPEG", name="picture.jpg"))
    assert image.format == "WEBP"
    assert image.size == (400, 200)


def test_fitting_never_enlarges_a_small_image():
    assert _fitted(_upload((120, 60))).size == (120, 60)


def test_fitting_turns_a_phone_photo_upright_and_drops_its_metadata():
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: the camera was held on its side
    exif[0x010F] = "PhoneMaker"  # Make
    upload = _upload((200, 100), "JPEG", name="photo.jpg", exif=exif)

    image = _fitted(upload)

    assert image.size == (100, 200)
    assert not image.getexif()


def test_fitting_keeps_transparency_and_drops_it_when_there_is_none():
    assert _fitted(_upload(mode="RGBA")).mode == "RGBA"
    assert _fitted(_upload(mode="P")).mode == "RGB"
