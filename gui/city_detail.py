"""The city view's detail pane: a unit's cell (texts, each period's figure, 修改留痕), a total, a unit's return.

Pure text building from what operations.city_overview loaded, plus the audit entries of one figure.
"""

from __future__ import annotations

import html
from datetime import datetime

from domain.city_totals import CityTotal
from domain.periods import Period, PeriodError, cn_date, cn_datetime
from domain.plans import display_seq
from domain.progress import ProgressRow
from gui.columns import format_actual, format_percent, format_target
from operations.city_overview import CityOverview, OverviewLine, UnitReportLine
from storage.achievements import FIELD_LABELS
from storage.audit import audit_entries
from storage.db import Store

TEXT_LABELS = (
    ("progress", "工作进展"), ("problems", "存在问题"), ("next_steps", "下一步计划"), ("evidence", "佐证材料"),
)  # fmt: skip
HISTORY_LIMIT = 200


def line_html(line: OverviewLine, total: CityTotal | None) -> str:
    """An indicator's task text, and for 全市合计 how the total is made up."""
    head = f"<h3>{display_seq(line.task.seq)} {_e(line.indicator.name)}</h3><p>{_e(line.task.text)}</p>"
    if total is not None:
        explanation = _e(total.explanation).replace("\n", "<br>")
        head += f"<p><b>全市合计：{_e(total.status.value)}</b><br>{explanation}</p>"
    return head


def cell_html(store: Store, overview: CityOverview, line: OverviewLine, unit: str, title: str,
              row: ProgressRow | None) -> str:  # fmt: skip
    """A unit's cell: figures and status, its four texts, each period's figure and the figure's 修改留痕."""
    parts = [f"<h3>{_e(title)} · {display_seq(line.task.seq)} {_e(line.indicator.name)}</h3>"]
    if row is None:
        parts.append(f"<p>该任务未分解给{_e(unit)}。</p>")
        return "".join(parts)
    figures = (
        f"目标值 {_e(format_target(row))}　完成值 {_e(format_actual(row, row.actual) or '未填报')}　"
        f"完成率 {_e(format_percent(row.rate) or '—')}　序时进度 {_e(format_percent(row.time_progress))}"
    )
    parts.append(f"<p>{figures}<br><b>状态：{_e(row.status.value)}</b>（{_e(row.status.explanation)}）</p>")
    ach = row.achievement
    for field, label in TEXT_LABELS:
        text = getattr(ach, field) if ach else ""
        parts.append(f"<h4>{label}</h4><p>{_e(text).replace(chr(10), '<br>') if text else '（未填写）'}</p>")
    history = overview.histories.get(unit, {}).get((line.task.seq, line.indicator.name), [])
    if history:
        numeric = row.indicator.kind.is_numeric
        items = "".join(
            f"<li>{_e(a.period.label)}："
            f"{_e(format_actual(row, a.actual) if numeric else (a.status.value if a.status else '—'))}</li>"
            for a in sorted(history, key=lambda a: (a.period.end, a.period.start))
        )
        parts.append(f"<h4>各期完成值</h4><ul>{items}</ul>")
    prefix = f"方案{overview.plan.id or 0}/{display_seq(line.task.seq)}/{line.indicator.name}/{unit}/"
    entries = audit_entries(store, prefix, HISTORY_LIMIT)
    parts.append("<h4>修改留痕</h4>")
    if not entries:
        parts.append("<p>（无）</p>")
    else:
        rows = "".join(
            f"<tr><td>{_e(_when(e.at))}</td><td>{_e(e.who)}</td><td>{_e(period_label(e.subject.rsplit('/', 1)[-1]))}"
            f"</td><td>{_e(FIELD_LABELS.get(e.field, e.field))}</td><td>{_e(e.old or '空')} → {_e(e.new or '空')}</td>"
            "</tr>"
            for e in entries
        )
        parts.append("<table border='1' cellspacing='0' cellpadding='2'><tr><th>时间</th><th>操作人</th>"
                     f"<th>填报期</th><th>项目</th><th>改动</th></tr>{rows}</table>")  # fmt: skip
    return "".join(parts)


def report_html(overview: CityOverview, report: UnitReportLine) -> str:
    """A unit's return for the period: file, check, hand changes and every send-back with its comments."""
    parts = [f"<h3>{_e(report.unit)} {_e(overview.period.label)}：{_e(report.state.value)}</h3>",
             f"<p>{_e(report.state.explanation)}</p>"]  # fmt: skip
    if report.file:
        parts.append(f"<p>报表：{_e(report.file)}<br>导出：{_e(cn_datetime(report.exported_at))}<br>"
                     f"收取：{_e(cn_datetime(report.collected_at))}<br>校验：{_e(report.check)}</p>")  # fmt: skip
    if report.changes:
        parts.append("<h4>手工改动</h4><ul>" + "".join(f"<li>{_e(c)}</li>" for c in report.changes) + "</ul>")
    if report.lateness:
        parts.append(f"<p><b>{_e(report.lateness)}</b>（应于 {_e(cn_date(report.due))} 前报送）</p>")
    for stored in report.send_backs:
        sb = stored.send_back
        answered = f"已由 {_e(stored.answer)} 答复" if stored.answer else "待重报"
        items = "".join(f"<li>{display_seq(c.seq)} {_e(c.indicator)}：{_e(c.comment)}</li>" for c in sb.items)
        parts.append(f"<h4>{_e(cn_datetime(sb.sent_at))} 退回（{answered}）</h4>")
        parts.append(f"<p>退回的报表：{_e(sb.return_name)}<br>总体意见：{_e(sb.general or '—')}</p>")
        parts.append(f"<ul>{items}</ul>")
    return "".join(parts)


def period_label(code: str) -> str:
    """2022年10月 for an audit subject's 2022-10, as users write a period; anything else as it is."""
    try:
        return Period.parse(code).label
    except PeriodError:
        return code


def _e(text: object) -> str:
    return html.escape(str(text))


def _when(at: str) -> str:
    try:
        return cn_datetime(datetime.fromisoformat(at))
    except ValueError:
        return at
