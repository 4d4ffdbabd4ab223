"""Telegram group membership from a Telegram Desktop export: authors, joins, invites, channels, broken messages."""

from __future__ import annotations

from pathlib import Path

from tests.interactions.conftest import by_id, run

GROUP = {"type": "account", "id": "telegram:1888000001", "handle": "Relawan Herma Sukamaju"}


def test_authors_and_joins_are_members_from_their_first_message(fixtures: Path) -> None:
    counts, records, rejects = run(fixtures / "telegram_group_members.json")
    got = by_id(records)
    assert list(got) == [
        "telegram:member:user44196397:account:1888000001",
        "telegram:member:user66602:account:1888000001",
        "telegram:member:user55501:account:1888000001",
    ]
    budi = got["telegram:member:user44196397:account:1888000001"]
    assert budi["kind"] == "member" and budi["platform"] == "telegram"
    assert budi["actor"] == {
        "id": "telegram:user44196397",
        "platform": "telegram",
        "handle": None,
        "name": "Budi Santoso",
        "bio": None,
    }
    assert budi["object"] == GROUP
    assert budi["at"] == "2024-11-10T08:05:00+07:00"  # the first of his two messages
    assert budi["source"]["path"] == "$.messages[1]" and budi["source"]["format"] == "telegram-members"
    rudi = got["telegram:member:user66602:account:1888000001"]
    assert rudi["at"] == "2024-11-10T09:00:00+07:00"  # joined by link before writing
    assert rudi["source"]["path"] == "$.messages[2]"
    assert counts.duplicates == 2  # budi's and rudi's later messages


def test_invites_service_messages_and_channel_posts_are_skipped_broken_messages_rejected(
    fixtures: Path,
) -> None:
    counts, _, rejects = run(fixtures / "telegram_group_members.json")
    assert counts.reasons["skipped: invite_members lists names only, no account ids"] == 1
    assert counts.reasons["skipped: service message (pin_message)"] == 1
    assert counts.reasons["skipped: sent as a channel, not by a member"] == 1
    assert [(r["reason"], r["path"], r["file"].endswith(".json")) for r in rejects] == [
        ("missing or invalid from_id", "$.messages[7]", True),
        ("expected a message object, got str", "$.messages[8]", True),
        ("invalid date 'kemarin sore'", "$.messages[9]", True),
    ]
    assert counts.read == 11


def test_a_full_export_reads_groups_only(fixtures: Path) -> None:
    counts, records, _ = run(fixtures / "telegram_full_export.json", fmt="telegram-members")
    assert [r["id"] for r in records] == ["telegram:member:user44196397:account:1888000001"]
    assert records[0]["source"]["path"] == "$.chats.list[2].messages[0]"
    assert counts.reasons["skipped: channel message: its author is the channel itself"] == 1
    assert counts.reasons["skipped: not a group (chat type 'personal_chat')"] == 1


def test_the_same_member_in_two_exports_is_kept_once(fixtures: Path) -> None:
    paths = [fixtures / "telegram_group_members.json", fixtures / "telegram_full_export.json"]
    counts, records, _ = run(paths)
    assert len(records) == 3 and counts.duplicates == 3


def test_a_truncated_export_keeps_what_came_before(tmp_path: Path, fixtures: Path) -> None:
    text = (fixtures / "telegram_group_members.json").read_text()
    cut = tmp_path / "result.json"
    cut.write_text(text[: text.index('"Halo semua')])
    counts, records, rejects = run(cut)
    assert len(records) == 2  # budi (message) and rudi (join)
    assert rejects[-1]["reason"].startswith("truncated JSON at $.messages[3]")
