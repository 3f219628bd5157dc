#!/usr/bin/env python3
"""Write a synthetic showcase repository: many cohorts of realistic Chinese profiles, for benchmarks.

    python scripts/synthetic.py OUT --profiles 1000 --lectures 300
    cd OUT && showcase validate && mkdocs build

The data follows DESIGN §3 and validates clean (no error, no warning):

* cohorts of about 50 profiles, each cohort posted to the counties of one prefecture-level city;
* counties are real names from ``showcase/data/divisions.csv`` that appear there exactly once, and
  whose pinyin slug is not shared with another such name (see ``county_pool`` for why);
* names from small lists of surnames and given names; ids are pinyin slugs plus a serial number;
* 0–4 achievements per profile, metrics of the default registry written the way reports write them
  (``1200余万元``, ``100多场``, ``近4万人次``, plain numbers), dates in the accepted spellings;
* a body of 3–6 short paragraphs;
* ``lectures.yml`` per cohort when ``lectures > 0``: speakers are cadre ids of the cohort, dates over
  2010–2030, quoted ``"HH:MM"`` times, (speaker, date, time) unique.

Output is deterministic for a given (profiles, lectures, seed).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import re
import shutil
import sys
from collections import defaultdict
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
DIVISIONS = REPO / "showcase" / "data" / "divisions.csv"
COHORT_SIZE = 50


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Multi-line text as a literal block (``summary: |``), as people write it."""


_Dumper.add_representer(
    str, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None)
)

# -- word lists ----------------------------------------------------------------

SURNAMES = [
    ("王", "wang"), ("李", "li"), ("张", "zhang"), ("刘", "liu"), ("陈", "chen"), ("杨", "yang"), ("黄", "huang"),
    ("赵", "zhao"), ("吴", "wu"), ("周", "zhou"), ("徐", "xu"), ("孙", "sun"), ("马", "ma"), ("朱", "zhu"),
    ("胡", "hu"), ("郭", "guo"), ("何", "he"), ("林", "lin"), ("罗", "luo"), ("高", "gao"), ("郑", "zheng"),
    ("梁", "liang"), ("谢", "xie"), ("宋", "song"), ("唐", "tang"), ("许", "xu"), ("韩", "han"), ("邓", "deng"),
    ("冯", "feng"), ("曹", "cao"), ("彭", "peng"), ("曾", "zeng"), ("肖", "xiao"), ("田", "tian"), ("董", "dong"),
    ("潘", "pan"), ("袁", "yuan"), ("蔡", "cai"), ("蒋", "jiang"), ("余", "yu"), ("杜", "du"), ("叶", "ye"),
    ("欧阳", "ouyang"), ("司马", "sima"),
]
GIVEN = [
    ("伟", "wei"), ("芳", "fang"), ("娜", "na"), ("敏", "min"), ("静", "jing"), ("磊", "lei"), ("强", "qiang"),
    ("军", "jun"), ("洋", "yang"), ("勇", "yong"), ("艳", "yan"), ("杰", "jie"), ("涛", "tao"), ("明", "ming"),
    ("超", "chao"), ("霞", "xia"), ("平", "ping"), ("刚", "gang"), ("海燕", "hai-yan"), ("建国", "jian-guo"),
    ("志强", "zhi-qiang"), ("晓东", "xiao-dong"), ("丽华", "li-hua"), ("国庆", "guo-qing"), ("春梅", "chun-mei"),
    ("文博", "wen-bo"), ("雪峰", "xue-feng"), ("振华", "zhen-hua"), ("红霞", "hong-xia"), ("立新", "li-xin"),
    ("光明", "guang-ming"), ("玉兰", "yu-lan"), ("德胜", "de-sheng"), ("思远", "si-yuan"), ("子涵", "zi-han"),
    ("嘉怡", "jia-yi"), ("浩然", "hao-ran"), ("宏伟", "hong-wei"), ("晓燕", "xiao-yan"), ("俊杰", "jun-jie"),
    ("苗苗", "miao-miao"), ("云通", "yun-tong"), ("祖顺", "zu-shun"), ("飞燕", "fei-yan"), ("国章", "guo-zhang"),
    ("卫东", "wei-dong"), ("秀英", "xiu-ying"), ("桂芝", "gui-zhi"), ("永刚", "yong-gang"), ("学文", "xue-wen"),
]
PROGRAMS = [
    ("科技副职", "keji", "省委组织部、省科技厅"),
    ("博士服务团", "boshi", "中央组织部、共青团中央"),
    ("挂职副县长", "guazhi", "省委组织部"),
    ("片区联络员", "lianluo", "国务院扶贫办、省委组织部"),
    ("西部之光访问学者", "xibu", "中央组织部、中国科学院"),
    ("乡村振兴工作队", "xiangcun", "省委组织部、省农业农村厅"),
]
ORIGINS = [
    "中国农业大学资源与环境学院", "四川大学公共管理学院", "华南理工大学机械与汽车工程学院", "中山大学生命科学学院",
    "西南交通大学经济管理学院", "武汉大学城市设计学院", "浙江大学农业与生物技术学院", "兰州大学草地农业科技学院",
    "省科技厅高新技术处", "省发展改革委区域发展处", "省农业农村厅种植业管理处", "省交通运输厅规划处",
    "省水利厅农村水利处", "省自然资源厅国土空间规划处", "省文化和旅游厅资源开发处", "市工业和信息化局",
    "省农业科学院果树研究所", "中国科学院植物研究所", "省人民医院", "省教育厅基础教育处", "国家开发银行省分行",
]
RANKS = ["副教授", "教授", "副研究员", "研究员", "副处长", "处长", "主任科员", "一级主任科员", "高级工程师", "副主任医师"]
PORTFOLIOS = ["科技", "农业", "工业", "教育", "卫生健康", "文化旅游", "招商引资", "乡村振兴", "城乡规划", "生态环境", "交通", "水利"]
EDUCATIONS = ["博士研究生", "硕士研究生", "大学本科"]
EXPERTISE = ["作物遗传育种", "城市规划", "机械工程", "公共管理", "区域经济", "果树栽培", "水利工程", "旅游管理", "临床医学", "环境科学"]
TAGS = ["专题讲座", "科技下乡", "产学研合作", "招商引资", "电商扶贫", "校地合作"]
ACHIEVEMENTS = [
    ("引进猕猴桃新品种并建立示范基地", "农业"), ("推动产学研合作项目落地", "科技服务"), ("协助企业申报高新技术企业", "科技服务"),
    ("开展农村实用技术培训", "人才培训"), ("争取省级专项资金支持道路改造", "基础设施"), ("促成校地合作共建实验室", "科技服务"),
    ("引进农产品深加工企业", "招商引资"), ("组织专家团队入户指导", "人才培训"), ("推进电子商务进农村", "产业发展"),
    ("协助编制全县科技发展规划", "规划政策"), ("推动中小学教育信息化", "社会事业"), ("建设农村科技信息服务站", "科技服务"),
    ("举办特色农产品推介会", "产业发展"), ("协调解决企业技术难题", "科技服务"), ("推动县医院远程会诊平台建设", "社会事业"),
]
SUMMARIES = [
    "在派出单位支持下完成，受到当地干部群众好评。", "项目已通过验收，带动周边农户增收。", "相关做法被市里作为经验推广。",
    "与当地部门共同推进，按期完成。", "为后续合作打下了基础。",
]
PARAGRAPHS = [
    "{name}到{county}挂职，任{role}，分管{portfolio}工作。到任后的头一个月，{name}跑遍了全县大部分乡镇，摸清了产业基础和群众最关心的问题。",
    "挂职期间，{name}发挥派出单位的资源优势，先后邀请{n1}批专家到{county}开展技术指导，帮助当地解决了一批生产中的实际难题。",
    "围绕当地的{industry}产业，{name}牵头组织了科技示范基地建设，引进新品种、推广新技术，带动周边农户{n2}户。",
    "{name}坚持每周到村里走访，与驻村工作队一起研究产业项目，协调落实资金和技术支持，让项目真正落到田间地头。",
    "在招商引资方面，{name}利用在{origin_short}工作时积累的人脉，牵线{n3}家企业到{county}考察，其中部分企业已签约落地。",
    "{name}还结合自己的专业特长，为全县干部开设专题讲座，内容涉及{topic}等方面，累计听众{n4}余人次。",
    "挂职工作让{name}对基层有了更深的认识。{name}说，基层干部的干劲和群众的期盼，是自己在机关和高校里体会不到的。",
    "任期结束前，{name}把挂职期间形成的调研报告和工作建议整理成册，交给县里有关部门，供后续工作参考。",
    "{name}积极推动{origin_short}与{county}建立长期合作关系，双方在人才培养、科研合作等方面签订了合作协议。",
    "针对{county}{industry}产业链条短、附加值低的问题，{name}提出延伸产业链、发展精深加工的建议，得到县委县政府采纳。",
]
INDUSTRIES = ["猕猴桃", "茶叶", "柑橘", "中药材", "生猪养殖", "食用菌", "乡村旅游", "电子商务", "竹木加工", "特色水果"]
TOPICS = ["城市品牌建设", "乡村规划", "农业科技推广", "生态环境保护", "数字乡村建设", "产业结构调整", "基层治理"]
LECTURE_TITLES = [
    "城市品牌建设与推广", "产业结构与区域发展定位", "乡村规划实践", "现代农业科技推广", "数字经济与县域发展",
    "生态环境保护与绿色发展", "招商引资的方法与案例", "基层治理现代化", "农产品电商实务", "科技成果转化",
    "文化旅游融合发展", "小城镇规划实践", "中药材规范化种植", "乡村振兴政策解读", "公共卫生应急管理",
]
VENUES = ["县委党校报告厅", "县政府第一会议室", "县中学学术报告厅", "县行政中心多功能厅", "县文化馆", "县农业科技示范园"]
AUDIENCES = ["全县科级干部", "全县党员干部", "乡镇农技人员", "县直部门负责同志", "村党组织书记", "中小学教师"]
SERIES = ["挂职干部专题讲座", "科技大讲堂", "乡村振兴讲习所"]
TIMES = ["09:00", "09:30", "10:00", "14:00", "14:30", "15:00", "16:00", "19:30"]

# metric -> functions writing an amount the way reports do (all in the default registry, DESIGN §3.3)
AMOUNTS = {
    "funds_secured": ("万元", [100, 350, 800, 1200, 2500, 6000]),
    "investment_attracted": ("万元", [500, 1500, 3000, 9000, 20000]),
    "people_trained": ("人次", [300, 800, 1500, 4000, 12000]),
    "trainings_held": ("场", [5, 12, 30, 100]),
    "patents_filed": ("项", [3, 10, 25, 50]),
    "patents_granted": ("项", [2, 6, 15, 30]),
    "projects": ("个", [2, 5, 10, 18]),
    "enterprises_supported": ("家", [3, 8, 20, 35]),
    "varieties_introduced": ("个", [2, 6, 12, 28]),
}


def amount(rng: random.Random, metric: str) -> int | str:
    """A figure as a report writes it: 1200余万元, 3亿多元, 100多场, 近4万人次, or a plain number."""
    unit, sizes = AMOUNTS[metric]
    base = rng.choice(sizes)
    style = rng.randrange(6)
    if style == 0:
        return base
    if unit == "万元" and base >= 10000 and style in (1, 2):
        return f"{base // 10000}亿{'多' if style == 1 else ''}元"
    if unit == "人次" and base >= 10000:
        return f"{'近' if style < 3 else ''}{base // 10000}万人次"
    if base < 10:  # 多/余/近 go with round figures only
        return f"{base}{unit}" if style % 2 else base
    return [f"{base}{unit}", f"{base}余{unit}", f"{base}多{unit}", f"近{base}{unit}", f"{base}{unit}以上"][style - 1]


# -- places ----------------------------------------------------------------------


def county_pool() -> dict[tuple[str, str], list[str]]:
    """Counties usable without qualification, grouped by (province, city).

    Only names that appear once in divisions.csv (so ``county: 德庆县`` resolves without a city).
    Names whose pinyin slug another such name shares (冀州区 / 蓟州区 / 吉州区 → ji-zhou-qu) are
    dropped as well: the engine derives county page URLs from the pinyin alone, and two of them in
    one site collide (``views.UrlCollision``). ``--allow-homophones`` keeps them, to reproduce that.
    """
    return _county_pool(allow_homophones=False)


def _county_pool(allow_homophones: bool) -> dict[tuple[str, str], list[str]]:
    from showcase.places import pinyin_slug

    with DIVISIONS.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row["name"]] += 1
    unique = [row for row in rows if counts[row["name"]] == 1]
    if not allow_homophones:
        slugs: dict[str, int] = defaultdict(int)
        for row in unique:
            slugs[pinyin_slug(row["name"])] += 1
        unique = [row for row in unique if slugs[pinyin_slug(row["name"])] == 1]
    pool: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in unique:
        pool[(row["province"], row["city"] or row["province"])].append(row["name"])
    return {key: names for key, names in pool.items() if len(names) >= 3}


def _role(rng: random.Random, county: str) -> str:
    """The post without the place: 副县长, 县委常委、副县长, 科技副区长 … (the profile's post adds the county)."""
    level = county[-1] if county[-1] in "县市区旗" else "县"
    return rng.choice([f"副{level}长", f"{level}委常委、副{level}长", f"科技副{level}长", f"{level}长助理", "农业农村局副局长"])


def _date_in(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(max(1, (end - start).days)))


def _written_date(rng: random.Random, day: dt.date) -> str | int | dt.date:
    """The accepted spellings (DESIGN §3.4): 2012-03, 2013年5月, 2013年3月下旬, a day, a year."""
    style = rng.randrange(6)
    if style == 0:
        return f"{day.year}-{day.month:02d}"
    if style == 1:
        return f"{day.year}年{day.month}月"
    if style == 2:
        return f"{day.year}年{day.month}月{rng.choice(['上旬', '中旬', '下旬'])}"
    if style == 3:
        return day
    if style == 4:
        return day.year
    return f"{day.year}年{day.month}月{day.day}日"


def _dump(data: object) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False)


# -- mkdocs.yml ------------------------------------------------------------------------

NAV = [
    {"首页": "index.md"},
    {"挂职批次": "cohorts/index.md"},
    {"挂职县区": "counties/index.md"},
    {"讲座安排": "lectures/index.md"},
    {"成果统计": "achievements/index.md"},
]


def _top_level_blocks(text: str) -> list[list]:
    """Split a YAML file into [key, lines] blocks at its top-level keys (comments stay with the block above)."""
    blocks: list[list] = [[None, []]]
    for line in text.splitlines(keepends=True):
        match = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
        if match:
            blocks.append([match.group(1), [line]])
        else:
            blocks[-1][1].append(line)
    return blocks


def site_config(source: Path = REPO / "mkdocs.yml") -> str:
    """The repository's mkdocs.yml with nav and the showcase options suited to synthetic data.

    Theme, markdown_extensions and the other plugins are kept as written (the file uses
    ``!!python`` tags, so it is edited as text, not loaded and dumped).
    """
    text = source.read_text(encoding="utf-8")
    out = []
    for key, lines in _top_level_blocks(text):
        if key == "site_name":
            out.append("site_name: 挂职干部风采（合成数据）\n")
        elif key == "nav":
            out.append(_dump({"nav": NAV}) + "\n")
        elif key == "plugins":
            out.append(_plugins_block("".join(lines)))
        else:
            out.append("".join(lines))
    return "".join(out)


def _plugins_block(block: str) -> str:
    plugins = yaml.safe_load(block)["plugins"]
    kept = []
    for entry in plugins:
        name = entry if isinstance(entry, str) else next(iter(entry))
        if name != "showcase":
            kept.append(entry)
            continue
        original = {} if isinstance(entry, str) else (entry["showcase"] or {})
        options = {"data_dir": "cohorts"}
        for key in ("icp", "police"):  # footer text: kept so that pages weigh what real ones do
            if original.get(key):
                options[key] = original[key]
        # metrics: the default registry only; places: every county is a unique real division.
        kept.append({"showcase": options})
    return _dump({"plugins": kept}) + "\n"


def _custom_dir(config_text: str) -> str | None:
    match = re.search(r"^\s+custom_dir:\s*['\"]?([^'\"#\s]+)", config_text, re.M)
    return match.group(1) if match else None


# -- the data --------------------------------------------------------------------------


HOME = """# 挂职干部风采（合成数据）

本站用于性能测试：批次、干部、成果和讲座全部由脚本随机生成，姓名和事迹均为虚构，县区名称取自行政区划表。

站内按挂职批次和挂职县（市、区）组织内容，每位干部有个人页面；讲座日程可订阅，数据可下载。
"""


def generate(root: Path, profiles: int, lectures: int = 0, seed: int = 0, *, allow_homophones: bool = False) -> dict[str, int]:
    """Write a synthetic repository at ``root`` (created; must not exist or be empty). Returns counts."""
    root = Path(root)
    if root.exists() and any(root.iterdir()):
        raise FileExistsError(f"{root} 已存在且不为空")
    rng = random.Random(seed)
    pool = _county_pool(allow_homophones)
    cities = sorted(pool)

    root.mkdir(parents=True, exist_ok=True)
    config_text = site_config()
    (root / "mkdocs.yml").write_text(config_text, encoding="utf-8")
    custom_dir = _custom_dir(config_text)
    if custom_dir:
        if (REPO / custom_dir).is_dir():
            shutil.copytree(REPO / custom_dir, root / custom_dir)
        else:
            (root / custom_dir).mkdir(parents=True)
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text(HOME, encoding="utf-8")
    data = root / "cohorts"
    data.mkdir()

    n_cohorts = max(1, round(profiles / COHORT_SIZE)) if profiles else 1
    sizes = [profiles // n_cohorts + (1 if i < profiles % n_cohorts else 0) for i in range(n_cohorts)]
    lecture_sizes = [lectures // n_cohorts + (1 if i < lectures % n_cohorts else 0) for i in range(n_cohorts)]
    serial = 0
    counts = {"cohorts": 0, "profiles": 0, "achievements": 0, "lectures": 0, "counties": 0}
    used_counties: set[str] = set()
    for index in range(n_cohorts):
        province, city = rng.choice(cities)
        counties = rng.sample(pool[(province, city)], min(len(pool[(province, city)]), rng.randint(4, 10)))
        program, program_slug, organizer = rng.choice(PROGRAMS)
        year = rng.randint(2010, 2028)
        start = dt.date(year, rng.choice([3, 6, 7, 9, 12]), 1)
        end = dt.date(start.year + rng.choice([1, 2]), start.month, 1) - dt.timedelta(days=1)
        region = province + (city if city != province else "")
        cohort_id = f"{program_slug}-{year}-{index + 1:03d}"
        folder = data / cohort_id
        folder.mkdir()
        cohort = {
            "name": f"{province}第{index + 1}批{program}（{city}）",
            "program": program,
            "organizer": organizer,
            "region": region,
            "start": f"{start.year}-{start.month:02d}",
            "end": f"{end.year}-{end.month:02d}",
            "summary": (
                f"{start.year}年{start.month}月，{organizer}选派{sizes[index]}名干部到{city}的{len(counties)}个县（市、区）挂职，任期到{end.year}年{end.month}月。"
                f"他们来自省直机关、高校和科研院所，分赴{'、'.join(counties[:3])}等地挂职。\n\n"
                f"挂职期间，这批干部围绕当地的{rng.choice(INDUSTRIES)}等产业开展科技服务和招商引资，详见各人页面。\n"
            ),
            "reported": {m: amount(rng, m) for m in rng.sample(sorted(AMOUNTS), rng.randint(1, 4))},
        }
        (folder / "cohort.yml").write_text(f"# 合成数据：第 {index + 1} 批\n" + _dump(cohort), encoding="utf-8")
        counts["cohorts"] += 1

        cadres: list[tuple[str, str, str]] = []  # (id, name, county)
        for _ in range(sizes[index]):
            serial += 1
            surname, surname_py = rng.choice(SURNAMES)
            given, given_py = rng.choice(GIVEN)
            name, cadre_id = surname + given, f"{surname_py}-{given_py}-{serial:05d}"
            county = counties[len(cadres) % len(counties)] if len(cadres) < len(counties) else rng.choice(counties)
            used_counties.add(county)
            cadres.append((cadre_id, name, county))
            counts["achievements"] += _write_profile(rng, folder / f"{cadre_id}.md", name, county, start, end)
            counts["profiles"] += 1
        if lecture_sizes[index] and cadres:
            counts["lectures"] += _write_lectures(rng, folder / "lectures.yml", cadres, lecture_sizes[index])
    counts["counties"] = len(used_counties)
    return counts


def _write_profile(rng: random.Random, path: Path, name: str, county: str, start: dt.date, end: dt.date) -> int:
    role = _role(rng, county)
    post = county + role.removeprefix(county[-1] if role.startswith(county[-1] + "委") else "")
    origin_unit = rng.choice(ORIGINS)
    portfolio = rng.sample(PORTFOLIOS, rng.randint(1, 3))
    front: dict = {"name": name, "county": county, "post": post, "origin": origin_unit + rng.choice(RANKS)}
    if rng.random() < 0.2:  # a later arrival: own term inside the cohort's
        later = start + dt.timedelta(days=rng.randint(35, 120))
        front["start"] = f"{later.year}-{later.month:02d}"
    front["portfolio"] = portfolio
    if rng.random() < 0.7:
        front["education"] = rng.choice(EDUCATIONS)
    if rng.random() < 0.5:
        front["expertise"] = rng.choice(EXPERTISE)
    if rng.random() < 0.3:
        front["tags"] = rng.sample(TAGS, rng.randint(1, 2))
    achievements = []
    for title, category in rng.sample(ACHIEVEMENTS, rng.randint(0, 4)):
        item: dict = {"title": title}
        if rng.random() < 0.85:
            item["date"] = _written_date(rng, _date_in(rng, start, end))
        item["category"] = category
        metrics = rng.sample(sorted(AMOUNTS), rng.choice([0, 1, 1, 2, 2, 3]))
        if metrics:
            item["metrics"] = {m: amount(rng, m) for m in metrics}
        if rng.random() < 0.6:
            item["summary"] = rng.choice(SUMMARIES)
        achievements.append(item)
    if achievements:
        front["achievements"] = achievements
    values = {
        "name": name, "county": county, "role": role, "portfolio": "、".join(portfolio), "industry": rng.choice(INDUSTRIES),
        "origin_short": origin_unit, "topic": "、".join(rng.sample(TOPICS, 2)),
        "n1": rng.randint(2, 12), "n2": rng.randint(50, 900), "n3": rng.randint(2, 15), "n4": rng.randint(2, 30) * 100,
    }
    paragraphs = [PARAGRAPHS[0]] + rng.sample(PARAGRAPHS[1:], rng.randint(2, 5))
    body = "\n\n".join(p.format(**values) for p in paragraphs)
    path.write_text("---\n" + _dump(front) + "---\n" + body + "\n", encoding="utf-8")
    return len(achievements)


def _write_lectures(rng: random.Random, path: Path, cadres: list[tuple[str, str, str]], count: int) -> int:
    booked: set[tuple[str, dt.date, str]] = set()
    items = []
    first, last = dt.date(2010, 1, 1), dt.date(2030, 12, 31)
    while len(items) < count:
        cadre_id, _, county = rng.choice(cadres)
        day, time = _date_in(rng, first, last), rng.choice(TIMES)
        if (cadre_id, day, time) in booked:
            continue
        booked.add((cadre_id, day, time))
        item: dict = {"date": day, "time": time, "speaker": cadre_id, "title": rng.choice(LECTURE_TITLES)}
        item["venue"] = rng.choice(VENUES)
        item["audience"] = rng.choice(AUDIENCES)
        item["county"] = county
        if rng.random() < 0.6:
            item["series"] = rng.choice(SERIES)
        if day.year < 2024:  # long past on any run: held, with the turnout
            if rng.random() < 0.5:
                item["status"] = "held"
            item["attendance"] = rng.choice([80, 120, 300, "200余人", "近500人", "600余人"])
        items.append(item)
    items.sort(key=lambda item: (item["date"], item["time"]))
    path.write_text("# 合成数据：本批次讲座\n" + _dump(items), encoding="utf-8")
    return len(items)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成合成的挂职干部数据仓库（用于性能测试）。")
    parser.add_argument("out", type=Path, help="输出目录（不存在或为空）")
    parser.add_argument("--profiles", type=int, default=1000, help="个人资料数（默认 1000）")
    parser.add_argument("--lectures", type=int, default=0, help="讲座总数（默认 0）")
    parser.add_argument("--seed", type=int, default=0, help="随机种子（默认 0）")
    parser.add_argument("--allow-homophones", action="store_true", help="也使用拼音相同的县名（会触发引擎的 URL 冲突）")
    args = parser.parse_args(argv)
    try:
        counts = generate(args.out, args.profiles, args.lectures, args.seed, allow_homophones=args.allow_homophones)
    except FileExistsError as exc:
        print(f"synthetic: {exc}", file=sys.stderr)
        return 2
    print(
        f"已生成 {args.out}：{counts['cohorts']} 个批次、{counts['profiles']} 份个人资料、{counts['achievements']} 项成果、"
        f"{counts['lectures']} 场讲座、{counts['counties']} 个县区。"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
