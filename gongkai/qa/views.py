"""Public Q&A pages and the officers' queue. Thin: services and selectors do the work."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from gongkai.core.decorators import staff_required
from gongkai.core.exceptions import DomainError, NotFoundError
from gongkai.core.limits import rate_limit
from gongkai.core.selectors import user_roles, visible_orgs
from gongkai.publishing.models import TOPICS
from gongkai.qa import selectors, services
from gongkai.qa.models import Question


def _session_asker(request: HttpRequest) -> str:
    if not request.session.session_key:
        request.session.save()
    return services.asker_key("session", request.session.session_key or "")


def _result_context(result: Any) -> dict[str, object]:
    def safe(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [c | {"quote_html": mark_safe(c["quote_html"])} for c in items]

    return {"result": result, "citations": safe(result.citations), "related": safe(result.related)}


@rate_limit("ask", attempt=lambda r: bool((r.POST.get("question") or r.GET.get("q") or "").strip()))
def ask(request: HttpRequest) -> HttpResponse:
    """GET shows the answer and writes nothing (statistics cannot be inflated by reloading or by
    links); POST (the form) records the question once per session and normalised text."""
    question = (request.POST.get("question") or request.GET.get("q") or "").strip()
    context: dict[str, object] = {"question": question}
    if question:
        try:
            if request.method == "POST":
                record, result = services.question_ask(question=question,
                                                       contact_email=request.POST.get("email", "").strip(),
                                                       asker=_session_asker(request))
                context["record"] = record
                if record.status == Question.Status.QUEUED:
                    context["follow_url"] = f"/qa/follow/{services.follow_token(record)}/"
            else:
                result = services.question_preview(question=question)
            context.update(_result_context(result))
        except DomainError as exc:
            context["error"] = exc.message
    context["recent"] = selectors.knowledge_entries()[:8]
    return render(request, "qa/ask.html", context, status=400 if context.get("error") else 200)


@require_POST
def unsolved(request: HttpRequest) -> HttpResponse:
    """"没有解决我的问题": the question goes to an officer (once per session and question)."""
    question = (request.POST.get("question") or "").strip()
    try:
        record = services.question_unsolved(question=question, asker=_session_asker(request),
                                            contact_email=request.POST.get("email", "").strip())
    except DomainError as exc:
        return render(request, "qa/ask.html", {"question": question, "error": exc.message,
                                               "recent": selectors.knowledge_entries()[:8]}, status=400)
    return redirect(f"/qa/follow/{services.follow_token(record)}/?queued=1")


def follow(request: HttpRequest, token: str) -> HttpResponse:
    """The asker's page for a question: its state and, once given, the staff answer."""
    try:
        record = services.question_for_follow(token)
    except NotFoundError as exc:
        return render(request, "core/error.html", {"status": 404, "message": exc.message}, status=404)
    return render(request, "qa/follow.html", {"record": record, "queued": request.GET.get("queued") == "1",
                                              "follow_url": request.build_absolute_uri()})


def subscribe(request: HttpRequest) -> HttpResponse:
    """政策订阅 for everyone: topics, 发文机关 from the library's list, keywords; double opt-in."""
    publishers = selectors.subscription_publishers()
    context: dict[str, object] = {"topics": TOPICS, "publishers": publishers, "form": request.POST,
                                  "chosen_topics": request.POST.getlist("topics"),
                                  "chosen_publishers": request.POST.getlist("publishers")}
    if request.method == "POST":
        try:
            services.subscription_create(
                email=request.POST.get("email", ""), topics=request.POST.getlist("topics"),
                publishers=request.POST.getlist("publishers"), known_publishers=publishers,
                keywords=request.POST.get("keywords", ""), trade=request.POST.get("trade", ""))
            messages.success(request, "我们已向您的邮箱发送了一封确认邮件。请在 7 天内打开邮件中的链接确认订阅；"
                                      "确认之前，我们不会给您发送任何政策推送。")
            return redirect("/qa/subscribe/")
        except DomainError as exc:
            context["error"] = exc.message
            return render(request, "qa/subscribe.html", context, status=400)
    return render(request, "qa/subscribe.html", context)


def subscribe_confirm(request: HttpRequest, token: str) -> HttpResponse:
    try:
        sub = services.subscription_confirm(token=token)
    except NotFoundError as exc:
        return render(request, "core/error.html", {"status": 404, "message": exc.message}, status=404)
    return render(request, "qa/subscribed.html", {"sub": sub,
                                                  "feed_url": f"/qa/feed/{services.feed_token(sub)}/"})


def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        sub = services.subscription_cancel(token=token)
    except NotFoundError as exc:
        return render(request, "core/error.html", {"status": 404, "message": exc.message}, status=404)
    return render(request, "qa/unsubscribed.html", {"sub": sub})


@staff_required
def queue(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.queue(), 30).get_page(request.GET.get("page"))
    return render(request, "qa/staff_queue.html", {"page": page, "stats": selectors.statistics()})


@staff_required
def answer_question(request: HttpRequest, pk: int) -> HttpResponse:
    question = selectors.queued_question(pk)
    orgs = visible_orgs(request.user)
    if request.method == "POST":
        roles = user_roles(request.user)
        org = orgs.filter(pk=request.POST.get("organisation") or 0).first() or (roles[0][0] if roles else None)
        try:
            if org is None:
                raise DomainError("请选择答复单位。")
            if request.POST.get("action") == "dismiss":
                services.question_dismiss(actor=request.user, question=question, organisation=org,
                                          reason=request.POST.get("answer", ""))
                messages.success(request, "已标记为不予答复。")
            else:
                services.question_answer(actor=request.user, question=question, organisation=org,
                                         answer=request.POST.get("answer", ""))
                messages.success(request, "已答复，并已加入问答知识库：再有人问同样的问题将直接得到此答复。")
            return redirect("qa_staff:queue")
        except DomainError as exc:
            messages.error(request, exc.message)
    return render(request, "qa/staff_answer.html", {"question": question, "orgs": orgs})


@staff_required
def knowledge(request: HttpRequest) -> HttpResponse:
    orgs = visible_orgs(request.user)
    report = None
    if request.method == "POST":
        org = orgs.filter(pk=request.POST.get("organisation") or 0).first()
        try:
            if org is None:
                raise DomainError("请选择单位。")
            if request.FILES.get("file"):
                upload = request.FILES.get("file")
                assert upload is not None and not isinstance(upload, list)
                if upload.size and upload.size > 10 * 1024 * 1024:
                    raise DomainError("文件过大（上限 10 MB）。")
                mapping = {k: request.POST.get(f"col_{k}", "").strip() for k in ("question", "answer")}
                report = services.hotline_import(actor=request.user, organisation=org, filename=upload.name or "",
                                                 raw=upload.read(), mapping={k: v for k, v in mapping.items() if v},
                                                 dry_run=request.POST.get("confirm") != "1")
                if request.POST.get("confirm") == "1":
                    messages.success(request, f"已导入 {report.created} 条，重复 {report.duplicates} 条，错误 {len(report.errors)} 行。")
            else:
                services.knowledge_create(actor=request.user, organisation=org,
                                          question=request.POST.get("question", ""),
                                          answer=request.POST.get("answer", ""))
                messages.success(request, "已加入问答知识库。")
                return redirect("qa_staff:knowledge")
        except DomainError as exc:
            messages.error(request, exc.message)
    page = Paginator(selectors.knowledge_entries(request.GET.get("q", "")), 30).get_page(request.GET.get("page"))
    return render(request, "qa/staff_knowledge.html", {"page": page, "orgs": orgs, "report": report})


@staff_required
def stats(request: HttpRequest) -> HttpResponse:
    return render(request, "qa/staff_stats.html", {
        "stats": selectors.statistics(),
        "missing": selectors.policies_without_interpretation(request.user)[:50],
    })


@staff_required
def concerns(request: HttpRequest) -> HttpResponse:
    from datetime import date

    orgs = visible_orgs(request.user)
    if request.method == "POST":
        org = orgs.filter(pk=request.POST.get("organisation") or 0).first()
        try:
            if org is None:
                raise DomainError("请选择责任单位。")
            occurred = date.fromisoformat(request.POST.get("occurred_on", ""))
            commitments = []
            if request.POST.get("commitment") and request.POST.get("commitment_due"):
                commitments.append((request.POST["commitment"], date.fromisoformat(request.POST["commitment_due"])))
            services.concern_record(actor=request.user, organisation=org, source=request.POST.get("source", ""),
                                    occurred_on=occurred, summary=request.POST.get("summary", ""),
                                    response={"response_text": request.POST.get("response_text", ""),
                                              "response_channel": request.POST.get("response_channel", "")},
                                    commitments=commitments)
            messages.success(request, "已登记。")
            return redirect("qa_staff:concerns")
        except ValueError:
            messages.error(request, "日期无效，请使用 YYYY-MM-DD 格式。")
        except DomainError as exc:
            messages.error(request, exc.message)
    return render(request, "qa/staff_concerns.html", {
        "concerns": selectors.concerns(request.user)[:100], "overdue": selectors.overdue_commitments(request.user),
        "orgs": orgs,
    })
