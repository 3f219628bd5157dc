"""``showcase new``: a commented profile from the template, never overwriting a file."""

from __future__ import annotations

from pathlib import Path

from showcase.cli import UsageError
from showcase.places import pinyin_slug
from showcase.records import SLUG
from showcase.render import Renderer
from showcase.settings import Settings


def write_profile(settings: Settings, cohort_id: str, name: str, county: str, cadre_id: str | None) -> Path:
    folder = settings.data_path / cohort_id
    if not SLUG.match(cohort_id) or not folder.is_dir():
        existing = sorted(p.name for p in settings.data_path.iterdir() if p.is_dir()) if settings.data_path.is_dir() else []
        raise UsageError(f"没有批次 {cohort_id}；现有批次：{'、'.join(existing) or '无'}。")
    cadre_id = cadre_id or pinyin_slug(name)
    if not SLUG.match(cadre_id):
        raise UsageError(f"编号 “{cadre_id}” 只能用小写字母、数字和连字符；请用 --id 指定，如 --id zhang-san。")
    if county and settings.gazetteer.resolve(county).place is None:
        raise UsageError(f"“{county}”不是已知的县级行政区划；请写全称，如 苍溪县。")
    clashes = [p for p in settings.data_path.glob(f"*/{cadre_id}.md")]
    if clashes:
        raise FileExistsError(17, "exists", str(clashes[0].relative_to(settings.root)))
    text = Renderer().render_string("profile.md.j2", name=name, county=county, cadre_id=cadre_id)
    target = folder / f"{cadre_id}.md"
    with target.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    return target
