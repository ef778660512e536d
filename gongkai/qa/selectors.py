"""Reads for 政策问答: the queue, the knowledge base, statistics, policies missing a 解读."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, QuerySet

from gongkai.core.dashboard import Panel
from gongkai.core.selectors import first_or_404, has_any_membership, visible_org_ids
from gongkai.publishing.models import Document, Kind, Status
from gongkai.qa.models import Commitment, Concern, KnowledgeEntry, Question


def queue() -> QuerySet[Question]:
    """Unanswered questions, oldest first. Public questions belong to no department: every officer
    sees the queue and answers in the name of their organisation."""
    return Question.objects.filter(status=Question.Status.QUEUED).order_by("created_at")


def queued_question(pk: int) -> Question:
    return first_or_404(Question.objects.filter(pk=pk))


def subscription_publishers() -> list[str]:
    """The 发文机关 a subscription can choose from: those of the policy library."""
    from gongkai.publishing.selectors import library_facets

    return list(library_facets()["publishers"])


def knowledge_entries(q: str = "") -> QuerySet[KnowledgeEntry]:
    entries = KnowledgeEntry.objects.filter(is_active=True).select_related("organisation")
    if q:
        entries = entries.filter(question__icontains=q)
    return entries


def statistics(since: date | None = None, until: date | None = None) -> dict[str, Any]:
    """Counts for the dashboard and for the annual report's 其他需要报告的事项."""
    qs = Question.objects.all()
    if since:
        qs = qs.filter(created_at__date__gte=since)
    if until:
        qs = qs.filter(created_at__date__lte=until)
    by_status = dict(qs.values_list("status").annotate(n=Count("id")))
    top = list(qs.exclude(topic="").values("topic").annotate(n=Count("id")).order_by("-n")[:5])
    return {
        "asked": sum(by_status.values()),
        "answered_automatically": by_status.get(Question.Status.AUTO, 0) + by_status.get(Question.Status.KB, 0),
        "answered_by_staff": by_status.get(Question.Status.ANSWERED, 0),
        "unanswered": by_status.get(Question.Status.QUEUED, 0),
        "top_topics": [(t["topic"], t["n"]) for t in top],
    }


def policies_without_interpretation(user: Any) -> QuerySet[Document]:
    """Policies of the user's organisations published without any 解读 (要点: 文件与解读同步)."""
    return Document.objects.filter(organisation_id__in=visible_org_ids(user), kind=Kind.POLICY,
                                   status=Status.PUBLISHED, interpretations__isnull=True).order_by("-published_on")


def concerns(user: Any) -> QuerySet[Concern]:
    return Concern.objects.filter(organisation_id__in=visible_org_ids(user)).prefetch_related("commitments")


def overdue_commitments(user: Any, today: date | None = None) -> QuerySet[Commitment]:
    today = today or date.today()
    return Commitment.objects.filter(concern__organisation_id__in=visible_org_ids(user), done_on__isnull=True,
                                     due_on__lt=today).select_related("concern")


def dashboard_panel(user: Any) -> Panel | None:
    if not has_any_membership(user):
        return None
    stats = statistics()
    overdue = overdue_commitments(user).count()
    return Panel(
        title="政策问答与回应关切",
        items=[("待人工答复", str(stats["unanswered"]), "/staff/qa/"),
               ("累计提问", str(stats["asked"]), "/staff/qa/stats/"),
               ("自动答复", str(stats["answered_automatically"]), "/staff/qa/stats/"),
               ("逾期的回应承诺", str(overdue), "/staff/qa/concerns/")],
        alert=f"有 {overdue} 项舆情回应承诺已逾期未完成。" if overdue else "",
        order=40,
    )
