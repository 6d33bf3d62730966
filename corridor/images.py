"""Uploaded images: checked, cleaned of metadata, and resized once.

``validate_image`` runs from the model fields' validators, so the admin, spreadsheet imports and
any other path that calls ``full_clean()`` refuse the same files: anything but JPEG, PNG or WebP,
a format that does not match the file's extension, a file over ``IMAGE_MAX_BYTES`` or a picture
over ``IMAGE_MAX_PIXELS`` (which also stops decompression bombs before any pixel is decoded).

A file must decode in full: a cut-off upload is refused with a message, not saved.

``ImageMixin.save()`` re-encodes a newly uploaded image from its pixels alone, so no metadata
(EXIF, GPS, XMP, comments, text chunks, unknown segments) survives, and writes the renditions
(list, card, OpenGraph sizes) next to it, recording their URLs and sizes on the row, so a page
of cards reads them with the row and does no image work.
"""

import io
import os
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps

FORMATS = {"JPEG": ("jpg", "jpeg"), "PNG": ("png",), "WEBP": ("webp",)}
RENDITIONS = {
    # name: (width, height or None to keep the aspect ratio)
    "list": (320, None),
    "card": (640, None),
    "og": (1200, 630),
}
SAVE_OPTIONS = {
    "JPEG": {"quality": 85, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 82, "method": 4},
}


def max_bytes():
    return getattr(settings, "IMAGE_MAX_BYTES", 5 * 1024 * 1024)


def max_pixels():
    return getattr(settings, "IMAGE_MAX_PIXELS", 25_000_000)


def validate_image(file):
    """Refuse anything but a real JPEG, PNG or WebP whose extension matches, within the caps."""
    if file is None or not getattr(file, "name", None):
        return
    if getattr(file, "_committed", True):
        return  # already stored: it was checked when it was uploaded
    if file.size > max_bytes():
        raise ValidationError(
            _("The image is %(size)s MB; the largest allowed is %(limit)s MB.")
            % {"size": round(file.size / 1024 / 1024, 1), "limit": max_bytes() // 1024 // 1024},
            code="image_too_large",
        )
    extension = os.path.splitext(file.name)[1].lower().lstrip(".")
    try:
        file.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                image_format, (width, height) = image.format, image.size
                if width * height > max_pixels():
                    raise ValidationError(
                        _(
                            "The image is %(width)s × %(height)s pixels; the most allowed is "
                            "%(limit)s million pixels."
                        )
                        % {"width": width, "height": height, "limit": max_pixels() // 1_000_000},
                        code="image_too_many_pixels",
                    )
                image.load()  # every pixel decodes: a cut-off file fails here, not on saving
    except ValidationError:
        raise
    except OSError as error:
        if "truncated" in str(error) or "broken data stream" in str(error):
            raise ValidationError(
                _("This image file is incomplete: it was cut off. Upload it again in full."),
                code="image_truncated",
            ) from None
        raise ValidationError(
            _("This file is not a JPEG, PNG or WebP image."), code="not_an_image"
        ) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("This image is too large to open safely."), code="image_bomb"
        ) from None
    except Exception:
        raise ValidationError(
            _("This file is not a JPEG, PNG or WebP image."), code="not_an_image"
        ) from None
    finally:
        file.seek(0)
    if image_format not in FORMATS:
        raise ValidationError(
            _("%(format)s images are not accepted: upload a JPEG, PNG or WebP image.")
            % {"format": image_format},
            code="image_format",
        )
    if extension not in FORMATS[image_format]:
        raise ValidationError(
            _(
                "This file is a %(format)s image but is named .%(extension)s. Rename it or "
                "save it again in the right format."
            )
            % {"format": image_format, "extension": extension},
            code="image_extension",
        )


def clean_image(file):
    """The image re-encoded from its pixels alone (orientation applied, colours in sRGB): no
    metadata, comment or unknown segment of the upload survives. Same format and name."""
    file.seek(0)
    with Image.open(file) as source:
        image_format = source.format
        source.load()
        image = ImageOps.exif_transpose(source)
        image = to_srgb(image, source.info.get("icc_profile"))
        image = pixels_only(image, image_format)
        buffer = io.BytesIO()
        image.save(buffer, format=image_format, **SAVE_OPTIONS[image_format])
    return ContentFile(buffer.getvalue(), name=os.path.basename(file.name)), image_format


def to_srgb(image, icc_profile):
    """Colours converted from the image's embedded profile to sRGB, so the profile can go."""
    if not icc_profile:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        mode = "RGBA" if "A" in image.getbands() else "RGB"
        if image.mode not in (mode,):
            image = image.convert(mode)
        return ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode=mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image


def pixels_only(image, image_format):
    """A new image holding only ``image``'s pixels: ``info`` (comments, EXIF, XMP, text chunks)
    is not carried over, whatever Pillow would otherwise write back."""
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGB")
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    return Image.frombytes(image.mode, image.size, image.tobytes())


def make_renditions(stored_name, image_format):
    """Write each rendition beside the stored image; return ``{name: {url, width, height}}``."""
    base, extension = os.path.splitext(stored_name)
    result = {}
    with default_storage.open(stored_name) as handle, Image.open(handle) as original:
        original.load()
        for name, (width, height) in RENDITIONS.items():
            if height is None:
                copy = original.copy()
                copy.thumbnail((width, width * 4))
            else:
                copy = ImageOps.fit(original, (width, height))
            copy = pixels_only(copy, image_format)
            buffer = io.BytesIO()
            copy.save(buffer, format=image_format, **SAVE_OPTIONS[image_format])
            path = default_storage.save(f"{base}.{name}{extension}", ContentFile(buffer.getvalue()))
            result[name] = {
                "url": default_storage.url(path),
                "width": copy.width,
                "height": copy.height,
            }
    return result


class ImageMixin(models.Model):
    """For models with ``image_fields``: ``((field, alt field, renditions field), ...)``."""

    image_fields = ()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        fresh = []
        for field, _alt, renditions in self.image_fields:
            file = getattr(self, field)
            if file and not file._committed:
                cleaned, image_format = clean_image(file)
                file.save(cleaned.name, cleaned, save=False)
                fresh.append((field, renditions, image_format))
            elif not file:
                setattr(self, renditions, {})
        for field, renditions, image_format in fresh:
            setattr(self, renditions, make_renditions(getattr(self, field).name, image_format))
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if hasattr(self, "Status") and self.status == self.Status.PUBLISHED:
            message = _("Describe the image for people who cannot see it before publishing.")
            for alt in self.missing_alt_text():
                raise ValidationError({alt: message})

    def missing_alt_text(self):
        return [
            alt
            for field, alt, _r in self.image_fields
            if getattr(self, field) and not getattr(self, alt).strip()
        ]

    def rendition(self, name, field="image"):
        for image_field, _alt, renditions in self.image_fields:
            if image_field == field:
                return (getattr(self, renditions) or {}).get(name)
        return None
