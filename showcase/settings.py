"""Site settings that the data depends on, read the same way by the plugin and by the CLI.

The plugin gets these options from MkDocs' parsed ``mkdocs.yml``; the CLI reads the same
``plugins: - showcase:`` block itself, so ``showcase validate`` needs no MkDocs import.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from showcase.dates import parse_date
from showcase.metrics import DEFAULT_METRICS, UNITS, Metric
from showcase.places import Gazetteer, Place, pinyin_slug

TIMEZONE = ZoneInfo("Asia/Shanghai")
_METRIC_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass
class Settings:
    root: Path
    data_dir: str = "cohorts"
    metrics: dict[str, Metric] = field(default_factory=lambda: dict(DEFAULT_METRICS))
    gazetteer: Gazetteer = field(default_factory=Gazetteer)
    today: dt.date = field(default_factory=lambda: dt.datetime.now(TIMEZONE).date())
    site_url: str = ""
    site_name: str = "挂职干部风采"
    calendar_uid_domain: str = ""
    data_date: dt.date | None = None
    """数据截至: the date the figures are as of; the build date (``today``) unless configured."""

    @property
    def as_of(self) -> dt.date:
        return self.data_date or self.today

    @property
    def uid_domain(self) -> str:
        """Right-hand side of calendar UIDs: configured, or made from the site's name — never from
        site_url, so setting site_url at launch does not turn every subscribed event into a new one."""
        return self.calendar_uid_domain or f"{pinyin_slug(self.site_name) or 'showcase'}.showcase.invalid"

    @property
    def data_path(self) -> Path:
        return self.root / self.data_dir


def build_settings(root: Path, options: Mapping[str, Any], site: Mapping[str, Any] | None = None) -> tuple[Settings, list[str]]:
    """Turn the plugin options (and site_url/site_name) into Settings; every problem as a Chinese message."""
    problems: list[str] = []
    site = site or {}
    settings = Settings(root=root, data_dir=str(options.get("data_dir") or "cohorts"))
    settings.site_url = str(site.get("site_url") or "")
    settings.site_name = str(site.get("site_name") or settings.site_name)
    for name in ("metrics", "places"):
        if not isinstance(options.get(name) or {}, Mapping):
            problems.append(f"{name}: 应写成“名称: 设置”的映射，每项一行。")
            options = {**options, name: {}}
    for key, spec in (options.get("metrics") or {}).items():
        if not _METRIC_KEY.match(str(key)):
            problems.append(f"metrics: 指标名 {key} 只能用小写英文字母、数字和下划线。")
            continue
        if not isinstance(spec, Mapping) or not spec.get("label") or not spec.get("unit"):
            problems.append(f"metrics: 指标 {key} 需要 label（中文名称）和 unit（单位）。")
            continue
        if spec["unit"] not in UNITS:
            problems.append(f"metrics: 指标 {key} 的单位 {spec['unit']} 不认识；可用：{'、'.join(UNITS)}。")
            continue
        settings.metrics[str(key)] = Metric(str(key), str(spec["label"]), str(spec["unit"]))
    extra: dict[str, Place] = {}
    renamed: dict[str, str] = {}
    for name, spec in (options.get("places") or {}).items():
        spec = spec or {}
        if not isinstance(spec, Mapping):
            problems.append(f"places: 地点 {name} 的写法应为 {{city: …, province: …}} 或 {{renamed_to: …}}。")
        elif spec.get("renamed_to"):
            renamed[str(name)] = str(spec["renamed_to"])
        elif spec.get("province"):
            extra[str(name)] = Place(str(name), str(spec.get("city") or ""), str(spec["province"]), note=str(spec.get("note") or ""))
        else:
            problems.append(f"places: 地点 {name} 需要 province（所属省份），或用 renamed_to 指向现名。")
    for cycle in rename_cycles(renamed):
        problems.append(f"places: 曾用名 renamed_to 形成了循环：{' → '.join(cycle)}。请让曾用名指向现名，现名不要再写 renamed_to。")
        for name in cycle[:-1]:
            renamed.pop(name, None)
    settings.gazetteer = Gazetteer(extra, renamed)
    for old, new in renamed.items():
        if settings.gazetteer.resolve(new).place is None:
            problems.append(f"places: {old} 的 renamed_to “{new}” 不是已知的县级行政区划。")
    settings.calendar_uid_domain = str(options.get("uid_domain") or "")
    for name in ("today", "data_date"):
        if options.get(name):
            day = parse_date(options[name])
            if day is None or day.precision != "day":
                problems.append(f"{name}: “{options[name]}” 不是 YYYY-MM-DD 格式的日期。")
            else:
                setattr(settings, name, day.first_day)
    return settings, problems


def rename_cycles(renamed: Mapping[str, str]) -> list[list[str]]:
    """Each loop of former names (A → B → A), as the path that closes it."""
    cycles, done = [], set()
    for start in renamed:
        path, seen = [start], {start}
        while path[-1] in renamed and path[-1] not in done:
            step = renamed[path[-1]]
            if step in seen:
                cycles.append(path[path.index(step):] + [step])
                break
            path.append(step)
            seen.add(step)
        done.update(path)
    return cycles


def read_plugin_options(config_file: Path) -> tuple[dict[str, Any], dict[str, Any], int]:
    """Find the ``showcase`` entry under ``plugins`` in mkdocs.yml: (options, site keys, line).

    Composes rather than loads so that MkDocs-only tags (``!ENV``, ``!!python/name``) elsewhere
    in the file do not matter.
    """
    root = yaml.compose(config_file.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
    options: dict[str, Any] = {}
    site: dict[str, Any] = {}
    line = 1
    if not isinstance(root, yaml.MappingNode):
        return options, site, line
    for key, value in root.value:
        if key.value in ("site_url", "site_name") and isinstance(value, yaml.ScalarNode):
            site[key.value] = value.value
        if key.value != "plugins" or not isinstance(value, yaml.SequenceNode):
            continue
        for item in value.value:
            if isinstance(item, yaml.ScalarNode) and item.value == "showcase":
                line = item.start_mark.line + 1
            if isinstance(item, yaml.MappingNode):
                for name, node in item.value:
                    if name.value == "showcase":
                        options = yaml.safe_load(yaml.serialize(node)) or {}
                        line = name.start_mark.line + 1
    return options, site, line
