"""Images people upload (an organization's logo, a news picture): checked, then re-encoded.

The check opens the image with Pillow, so the content decides and not the file name. The
re-encoding turns the image upright, fits it into a box with its proportions kept and saves
it as WebP, which also drops whatever metadata the original carried (a phone photo's GPS
position).
"""

from io import BytesIO

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

IMAGE_FORMATS = frozenset({"PNG", "JPEG", "WEBP"})
# A small file can still decode to a huge bitmap (a "decompression bomb"): refuse it before
# Pillow allocates the memory.
IMAGE_MAX_PIXELS = 40_000_000


class ImageError(ValueError):
    """The uploaded image is not one we accept; the message is for the user."""


def image_check(upload: UploadedFile, *, max_bytes: int, format_message: str) -> None:
    """Raise ImageError unless `upload` is a PNG, JPEG or WebP image of at most `max_bytes`
    and IMAGE_MAX_PIXELS. `format_message` tells the user what to send instead of an image
    of another format. The upload is left at its start."""
    if upload.size > max_bytes:
        raise ImageError(
            _("This image weighs %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)}
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ImageError(_("This file is not an image, or it is damaged.")) from None
    finally:
        upload.seek(0)
    if image_format not in IMAGE_FORMATS:
        raise ImageError(format_message)
    if width * height > IMAGE_MAX_PIXELS:
        raise ImageError(_("This image has too many pixels; send a smaller one."))


def image_fit_webp(upload: UploadedFile, *, box: tuple[int, int], quality: int) -> ContentFile:
    """`upload` (which passed `image_check`) turned upright, fitted into `box` with its
    proportions kept, as WebP of the given quality (0-100)."""
    upload.seek(0)
    with Image.open(upload) as original:
        image = ImageOps.exif_transpose(original)
        image.thumbnail(box, Image.Resampling.LANCZOS)
        has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
        buffer = BytesIO()
        image.save(buffer, format="WEBP", quality=quality, method=4)
    return ContentFile(buffer.getvalue())
