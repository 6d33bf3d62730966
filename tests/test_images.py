"""Uploaded images: refused when unsafe, stripped of metadata, resized once."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from corridor.models import NewsItem
from tests.factories import CityFactory, EnterpriseFactory, NewsItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def picture(fmt="JPEG", size=(800, 600), exif=None, color=(200, 30, 30)):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, color)
    options = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def gps_exif():
    exif = Image.Exif()
    exif[0x010F] = "Camera Maker"  # Make
    gps = {1: "N", 2: (31.0, 2.0, 0.0), 3: "E", 4: (121.0, 13.0, 0.0)}
    exif[0x8825] = gps  # GPSInfo
    return exif


def png_claiming(width, height):
    """A tiny PNG whose header claims ``width`` × ``height`` pixels: a decompression bomb."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


def upload(name, data, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def news_with(file, **kwargs):
    item = NewsItemFactory.build(title="Picture story", slug="picture-story", image=file, **kwargs)
    return item


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("photo.jpg", picture("PNG"), "is a PNG image but is named .jpg"),
        ("photo.png", picture("JPEG"), "is a JPEG image but is named .png"),
        (
            "drawing.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>',
            "not a JPEG, PNG or WebP image",
        ),
        ("notes.png", b"just some text, not a picture at all", "not a JPEG, PNG or WebP image"),
        ("anim.gif", picture("GIF"), "GIF images are not accepted"),
        ("bomb.png", png_claiming(50_000, 50_000), "too large to open safely"),
        ("big.png", png_claiming(8_000, 8_000), "million pixels"),
    ],
)
def test_unsafe_images_are_refused_by_the_model(name, data, message):
    item = news_with(upload(name, data))
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert message in str(error.value.message_dict["image"])


def test_oversized_file_is_refused(settings):
    settings.IMAGE_MAX_BYTES = 10_000
    item = news_with(
        upload("big.jpg", picture(size=(1500, 1500), color=(1, 2, 3)) + b"\x00" * 20_000)
    )
    with pytest.raises(ValidationError, match="largest allowed"):
        item.full_clean()


def test_pixel_cap_from_settings(settings):
    settings.IMAGE_MAX_PIXELS = 100_000
    item = news_with(upload("wide.png", picture("PNG", size=(1000, 200)), "image/png"))
    with pytest.raises(ValidationError, match="million pixels"):
        item.full_clean()


@pytest.mark.parametrize(("fmt", "name"), [("JPEG", "a.jpg"), ("PNG", "b.png"), ("WEBP", "c.webp")])
def test_good_images_pass(fmt, name):
    news_with(upload(name, picture(fmt)), image_alt="A red square").full_clean()


def test_gps_and_other_metadata_are_stripped_on_save():
    original = picture(exif=gps_exif())
    assert Image.open(io.BytesIO(original)).getexif().get(0x8825)
    item = news_with(upload("gps.jpg", original), image_alt="A red square")
    item.save()
    with item.image.open("rb") as stored, Image.open(stored) as image:
        assert not image.getexif()
        assert image.size == (800, 600)


def test_renditions_made_once_with_their_sizes():
    item = news_with(upload("wide.jpg", picture(size=(2000, 1000))), image_alt="Red")
    item.save()
    renditions = item.image_renditions
    assert {name: (r["width"], r["height"]) for name, r in renditions.items()} == {
        "list": (320, 160),
        "card": (640, 320),
        "og": (1200, 630),
    }
    for rendition in renditions.values():
        assert item.image.storage.exists(rendition["url"].removeprefix("/media/"))
    item.title = "Retitled"
    item.save()  # no new upload: the renditions are kept, not made again
    assert NewsItem.objects.get().image_renditions == renditions


def test_alt_text_required_before_publishing():
    item = news_with(upload("a.jpg", picture()), status="published")
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert "Describe the image" in str(error.value.message_dict["image_alt"])
    news_with(upload("a.jpg", picture()), status="draft").full_clean()  # drafts may wait


def test_publish_action_skips_items_without_alt_text(admin_client):
    item = news_with(upload("a.jpg", picture()), status="draft")
    item.save()
    ok = NewsItemFactory(status="draft", title="No picture")
    response = admin_client.post(
        reverse("admin:corridor_newsitem_changelist"),
        {"action": "publish", "_selected_action": [item.pk, ok.pk]},
        follow=True,
    )
    assert "Not published until their images are described" in response.content.decode()
    assert set(NewsItem.objects.published()) == {ok}


def test_admin_upload_is_checked_and_cleaned(admin_client):
    city = CityFactory(name="Songjiang")
    url = reverse("admin:corridor_enterprise_add")
    data = {
        "name_en": "Logo Co",
        "kind": "company",
        "city": city.pk,
        "listing_board": "unlisted",
        "status": "draft",
        "publish_at_0": "2024-01-01",
        "publish_at_1": "09:00:00",
        "investments-TOTAL_FORMS": "0",
        "investments-INITIAL_FORMS": "0",
    }
    response = admin_client.post(url, {**data, "logo": upload("logo.jpg", picture("PNG"))})
    assert response.status_code == 200
    assert "is a PNG image but is named .jpg" in response.content.decode()
    response = admin_client.post(
        url,
        {**data, "logo": upload("logo.png", picture("PNG"), "image/png"), "logo_alt": "Logo Co"},
    )
    assert response.status_code == 302
    assert EnterpriseFactory._meta.model.objects.get().logo_renditions["list"]["width"] == 320


def test_a_page_of_cards_does_no_image_work(client, monkeypatch, django_assert_max_num_queries):
    for n in range(20):
        item = NewsItemFactory.build(
            title=f"Story {n}",
            slug=f"story-{n}",
            image=upload(f"p{n}.jpg", picture(size=(400, 300))),
            image_alt=f"Picture {n}",
        )
        item.save()

    def no_pillow(*args, **kwargs):
        raise AssertionError("a page render opened an image")

    monkeypatch.setattr(Image, "open", no_pillow)
    with django_assert_max_num_queries(8):
        html = client.get("/en/news/").content.decode()
    assert html.count('class="card-image"') == 20
    assert 'alt="Picture 0"' in html and 'width="320"' in html


def noisy_picture(size=(400, 300)):
    """A JPEG with real detail, so that cutting it off loses pixel data, not only padding."""
    image = Image.effect_noise(size, 64).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90)
    return buffer.getvalue()


def test_a_truncated_jpeg_is_refused_with_a_message():
    data = noisy_picture()
    cut = data[: len(data) // 2]
    Image.open(io.BytesIO(cut)).verify()  # the check that used to let it through
    item = NewsItemFactory(status="draft")
    item.image = upload("cut.jpg", cut)
    with pytest.raises(ValidationError, match="incomplete: it was cut off"):
        item.full_clean()


def test_a_truncated_upload_in_the_admin_gets_the_form_back(client):
    from tests.admin_forms import change_form, post_data
    from tests.factories import UserFactory

    item = NewsItemFactory(status="draft")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:corridor_newsitem_change", args=[item.pk])
    data = post_data(*change_form(client, url))
    data["image"] = upload("cut.jpg", noisy_picture()[:3000])
    data["image_alt"] = "A picture"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "incomplete: it was cut off" in response.content.decode()


def jpeg_with_segments():
    """A JPEG carrying HTML in its comment segment and an unknown application segment."""
    data = picture()
    comment = b"<script>alert(1)</script>"
    com = b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment
    payload = b"HIDDEN-APP9-PAYLOAD"
    app9 = b"\xff\xe9" + struct.pack(">H", len(payload) + 2) + payload
    return data[:2] + com + app9 + data[2:]


def test_comments_and_unknown_segments_do_not_survive_in_the_file_or_its_renditions(tmp_path):
    data = jpeg_with_segments()
    assert Image.open(io.BytesIO(data)).info.get("comment") == b"<script>alert(1)</script>"
    item = NewsItemFactory(status="draft", image_alt="A picture")
    item.image = upload("segments.jpg", data)
    item.full_clean()
    item.save()
    stored = [item.image.path] + [
        str(tmp_path / rendition["url"].split("/media/", 1)[-1].lstrip("/"))
        for rendition in item.image_renditions.values()
    ]
    assert len(stored) == 4
    for path in stored:
        with open(path, "rb") as stored_file:
            content = stored_file.read()
        assert b"<script>" not in content and b"HIDDEN-APP9" not in content, path
        assert "comment" not in Image.open(path).info


def test_a_png_text_chunk_does_not_survive():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<b>kept?</b>")
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (10, 200, 10)).save(buffer, format="PNG", pnginfo=info)
    item = NewsItemFactory(status="draft", image_alt="A picture")
    item.image = upload("text.png", buffer.getvalue(), "image/png")
    item.full_clean()
    item.save()
    with open(item.image.path, "rb") as stored_file:
        assert b"kept?" not in stored_file.read()
