"""Collectors are plugins: every module of pipeline/collect (but the engine and the runner) is discovered."""

from __future__ import annotations

from pipeline.collect.base import plugin_modules, registry


def test_every_plugin_module_is_discovered_and_each_format_has_one_collector() -> None:
    modules = plugin_modules()
    assert "base" not in modules and "run" not in modules
    assert {"jsonl", "x_v2", "telegram", "csv_mapped", "tiktok", "youtube"} <= set(modules)
    formats = registry()
    assert {"jsonl", "x-v2", "telegram-desktop", "csv", "tiktok", "youtube"} <= set(formats)
    for name, cls in formats.items():
        assert cls.name == name
        assert cls.__module__.rsplit(".", 1)[-1] in modules
