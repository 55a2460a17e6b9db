"""Synthetic plans in the shape of the seeds: city rows over sub-tasks, quotas written into the text.

Pure data (domain objects only): bench.stores saves them through the storage API, bench.tables writes
the 300-row city table from the same objects. Deterministic, so every run measures the same content.
"""

from __future__ import annotations

from datetime import date

from domain.plans import Direction, Indicator, IndicatorKind, Plan, Quota, Task
from domain.units import Unit

YEAR = 2022
CITY = "玉林市"
COUNTY = "北流市"
RESPONSIBLE = "市科技局，各县（市、区）人民政府、各开发园区管委"
PARTNERS = "市财政局、税务局，各县（市、区）人民政府，各开发园区管委"

# Indicator kinds in the proportion the seeds show them: mostly counts, some amounts, a few rates.
_KINDS = [
    (IndicatorKind.STOCK, "高新技术企业保有量", "家", 18),
    (IndicatorKind.INCREMENT, "新增国家科技型中小企业入库数", "家", 40),
    (IndicatorKind.INCREMENT, "技术合同成交额", "万元", 3000),
    (IndicatorKind.GROWTH, "规上工业R&D经费支出增长", "万元", 35),
    (IndicatorKind.RATIO, "科技支出占一般公共预算支出比重", "%", 1),
    (IndicatorKind.INCREMENT, "科技特派员服务", "人次", 60),
    (IndicatorKind.STOCK, "自治区级以上创新平台", "个", 3),
    (IndicatorKind.QUALITATIVE, "组织技术经纪人培训", "", None),
]
_SENTENCE = "围绕重点产业链，推动创新链产业链资金链人才链深度融合，落实研发费用加计扣除等政策，"


def _quota_text(name: str, measure: str, kind: IndicatorKind, quotas: list[Quota], short: dict[str, str]) -> str:
    """The city's wording of the shares: 北流不低于18家，容县不低于14家…"""
    if kind is IndicatorKind.GROWTH:
        return f"各县（市、区）{name}较上年增长{quotas[0].target:g}%以上。"
    if kind is IndicatorKind.RATIO:
        return f"各县（市、区）{name}不低于{quotas[0].target:g}%。"
    parts = "，".join(f"{short[q.unit]}不低于{q.target:g}{measure}" for q in quotas)
    return f"{name}：{parts}。"


def make_plan(
    title: str,
    key: str,
    units: list[Unit],
    indicators: int,
    *,
    city: str = CITY,
    per_city_row: int = 3,
    seq_start: int = 101,
    quota_text: bool = True,
) -> Plan:
    """A plan of `indicators` sub-tasks (one indicator each) with a quota for every unit in `units`.

    With `quota_text`, the shares are written into the sub-task text as cities write them (the import
    reads them back from there); a region-wide plan names 111 units and keeps its text short instead.
    """
    plan = Plan(title, YEAR, key=key, doc_number=f"玉科发〔{YEAR}〕{seq_start}号", issuer="玉林市科学技术局",
                city=city, issued=date(YEAR, 3, 1), table_title=f"{title}指标任务分工表")  # fmt: skip
    short = {u.name: u.short_name for u in units}
    for n in range(indicators):
        kind, name, measure, base = _KINDS[n % len(_KINDS)]
        name = f"{name}（{n + 1}）"
        quotas: list[Quota] = []
        if kind.is_numeric:
            for i, unit in enumerate(units):
                target = base if kind in (IndicatorKind.GROWTH, IndicatorKind.RATIO) else base + (i * 7 + n) % 11
                baseline = 800.0 + 50 * i if kind is IndicatorKind.GROWTH else None
                quotas.append(Quota(unit.name, float(target), baseline, f"{short[unit.name]}不低于{target:g}{measure}"))
        total = None
        if kind.is_numeric:
            total = float(base) if kind in (IndicatorKind.GROWTH, IndicatorKind.RATIO) else sum(
                q.target or 0 for q in quotas)  # fmt: skip
        text = _SENTENCE + (_quota_text(name, measure, kind, quotas, short) if quotas and quota_text else f"{name}。")
        if not kind.is_numeric:
            text = f"{name}，全年组织培训不少于2期，提升技术转移服务能力。"
        indicator = Indicator(name, measure, kind, Direction.AT_LEAST, total, quotas)
        city_seq = str(seq_start + n // per_city_row)
        plan.tasks.append(Task(
            seq=str(seq_start * 2 + n), text=text, city_seq=city_seq, topic="创新创业",
            region_goal="加大创新创业主体培育力度", region_task="持续增加国家高新技术企业、国家科技型中小企业入库数。",
            city_goal=f"第{city_seq}项：{name}保持持续增加，确保完成自治区下达的目标任务。",
            responsible=RESPONSIBLE, deadline=date(YEAR, 12 if n % 4 else 11, 30 if n % 4 == 0 else 31),
            lead="市科技局", partners=PARTNERS, indicators=[indicator],
        ))  # fmt: skip
    return plan
