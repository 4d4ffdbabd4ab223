"""Column mappings for well-known CSV (and flat NDJSON) exports, used by ``--format csv --preset NAME``.

A mapping names, for each canonical field, the column to read, or a list of columns of which the first non-empty
cell wins. Other keys: ``platform`` (constant), ``timezone`` (for times without an offset), ``id_from_url`` (the
export has no post id: take it from the post URL), ``date_format`` (strptime pattern). ``signature`` lists the
columns that identify the export for ``--format auto``.

Sources: CrowdTangle "Historical Data" CSV (Facebook pages/groups and Instagram), Meta Content Library CSV exports
(dotted names of the API fields: ``post_owner.id``, ``statistics.reaction_count``), and 4CAT's CSV/NDJSON
(``id, thread_id, author, body, timestamp``, times in UTC).

Media: CrowdTangle Instagram's ``Photo`` (the image URL) and 4CAT's ``image_urls`` / ``media_urls`` /
``thumbnail_url`` (Instagram and TikTok datasets) are media references, kept for the reviewer and never fetched;
CrowdTangle's ``Image Text`` (the text CrowdTangle read in the image) becomes the image's ``ocr_text``, so the
classifier reads it as image text (it is still the post text when the post has no caption). CrowdTangle Facebook's
``Link`` is not reliably an image (it is the shared link of link posts), so it is not read as one, and the Meta
Content Library presets map no media column (map one with ``--map media=COLUMN`` where an export has it).
"""

from __future__ import annotations

from typing import Any

FIELDS = (
    "id", "text", "created_at", "url", "kind", "parent_id", "thread_id", "lang", "platform",
    "author_id", "author_handle", "author_name", "author_bio", "likes", "shares", "replies", "views", "media",
    "image_text",
)  # fmt: skip

PRESETS: dict[str, dict[str, Any]] = {
    "crowdtangle-facebook": {
        "platform": "facebook",
        "id_from_url": True,
        "signature": ["Page Name", "Facebook Id", "Post Created", "Message"],
        "columns": {
            "url": "URL",
            "text": ["Message", "Description", "Link Text", "Image Text"],
            "created_at": "Post Created",
            "author_id": "Facebook Id",
            "author_handle": "User Name",
            "author_name": "Page Name",
            "author_bio": "Page Description",
            "likes": "Likes",
            "shares": "Shares",
            "replies": "Comments",
            "views": ["Post Views", "Total Views"],
            "image_text": "Image Text",
        },
    },
    "crowdtangle-instagram": {
        "platform": "instagram",
        "id_from_url": True,
        "signature": ["Account", "User Name", "Post Created", "Description"],
        "columns": {
            "url": "URL",
            "text": ["Description", "Title", "Image Text"],
            "created_at": "Post Created",
            "author_handle": "User Name",
            "author_name": "Account",
            "likes": "Likes",
            "replies": "Comments",
            "views": "Views",
            "media": "Photo",
            "image_text": "Image Text",
        },
    },
    "meta-cl-facebook": {
        "platform": "facebook",
        "signature": ["post_owner.id", "creation_time", "text"],
        "columns": {
            "id": "id",
            "text": "text",
            "created_at": "creation_time",
            "url": ["mcl_url", "url", "link"],
            "lang": "lang",
            "author_id": ["post_owner.id", "post_owner_id"],
            "author_name": ["post_owner.name", "post_owner_name"],
            "author_handle": ["post_owner.username", "post_owner_username"],
            "likes": ["statistics.reaction_count", "reaction_count"],
            "shares": ["statistics.share_count", "share_count"],
            "replies": ["statistics.comment_count", "comment_count"],
            "views": ["statistics.views", "statistics.views_count", "views"],
        },
    },
    "meta-cl-instagram": {
        "platform": "instagram",
        "signature": ["owner.username", "creation_time", "text"],
        "columns": {
            "id": "id",
            "text": "text",
            "created_at": "creation_time",
            "url": ["mcl_url", "url", "link"],
            "lang": "lang",
            "author_id": ["owner.id", "owner_id"],
            "author_name": ["owner.name", "owner_name"],
            "author_handle": ["owner.username", "owner_username"],
            "likes": ["statistics.like_count", "like_count"],
            "replies": ["statistics.comment_count", "comment_count"],
            "views": ["statistics.views", "statistics.views_count", "views"],
        },
    },
    "4cat": {
        "platform": "4cat",
        "timezone": "UTC",  # 4CAT writes timestamps in UTC without an offset
        "signature": ["id", "thread_id", "author", "body", "timestamp"],
        "columns": {
            "id": "id",
            "thread_id": "thread_id",
            "text": "body",
            "created_at": ["timestamp", "unix_timestamp"],
            "url": ["url", "link"],
            "author_handle": ["author", "author_username"],
            "author_name": ["author_fullname", "author_name"],
            "author_id": "author_id",
            "likes": ["likes", "like_count"],
            "shares": ["shares", "retweets"],
            "replies": ["comments", "replies"],
            "views": ["views"],
            "media": ["image_urls", "media_urls", "thumbnail_url"],  # Instagram and TikTok datasets
        },
    },
}
