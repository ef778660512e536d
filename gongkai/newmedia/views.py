"""Pages of 政务新媒体: the public directory, and for staff the registry, an account's page (备案, posts,
warnings, import), the supervisor's 备案 queue and the dashboard. Thin: services and selectors work."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from gongkai.core.dashboard import Panel
from gongkai.core.decorators import staff_required
from gongkai.core.exceptions import DomainError
from gongkai.core.models import Organisation, Role
from gongkai.core.selectors import has_any_membership, has_role, visible_orgs
from gongkai.newmedia import selectors, services
from gongkai.newmedia.forms import AccountForm, FilingForm, ImportForm, LeaderForm, WordRuleForm
from gongkai.newmedia.models import AccountStatus, Leader, Platform, Warning, WordRule


def directory(request: HttpRequest) -> HttpResponse:
    platform = request.GET.get("platform", "")
    accounts = selectors.public_accounts(platform=platform)
    return render(request, "newmedia/directory.html",
                  {"accounts": accounts, "platforms": Platform.choices, "platform": platform})


@staff_required
def index(request: HttpRequest) -> HttpResponse:
    status, platform = request.GET.get("status", ""), request.GET.get("platform", "")
    q = request.GET.get("q", "").strip()[:60]
    accounts = selectors.staff_accounts(request.user, status=status, platform=platform, q=q)
    page = Paginator(accounts, 30).get_page(request.GET.get("page"))
    return render(request, "newmedia/index.html", {
        "page": page, "status": status, "platform": platform, "q": q, "statuses": AccountStatus.choices,
        "platforms": Platform.choices, "dash": selectors.dashboard(request.user),
        "to_decide": selectors.filings_to_decide(request.user), "duplicates": selectors.duplicate_groups(request.user),
    })


def _operator_orgs(user: Any) -> list[Organisation]:
    return [o for o in visible_orgs(user).exclude(kind=Organisation.Kind.OFFICE)
            if has_role(user, o, services.OPERATORS)]


@staff_required
def account_new(request: HttpRequest) -> HttpResponse:
    orgs = _operator_orgs(request.user)
    form = AccountForm(request.POST or None, organisations=[(str(o.pk), o.name) for o in orgs],
                       initial={"opened_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        org = next(o for o in orgs if str(o.pk) == d["organisation"])
        try:
            filing = services.account_register(
                actor=request.user, organisation=org, platform=d["platform"], name=d["name"],
                account_id=d["account_id"], sponsor=d["sponsor"], purpose=d["purpose"], url=d["url"] or "",
                feed_url=d["feed_url"] or "", opened_on=d["opened_on"])
            messages.success(request, f"已提交{filing.account}的开设备案，待主管部门审核。")
            return redirect("newmedia_staff:account", pk=filing.account.pk)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return render(request, "newmedia/account_new.html", {"form": form},
                  status=400 if request.method == "POST" else 200)


@staff_required
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = selectors.staff_account(request.user, pk)
    targets = [(str(a.pk), str(a)) for a in selectors.staff_accounts(request.user, status=AccountStatus.ACTIVE)
               if a.pk != account.pk]
    can_operate = has_role(request.user, account.organisation, services.OPERATORS)
    return render(request, "newmedia/account.html", {
        "account": account, "filings": account.filings.all(),
        "warnings": account.warnings.filter(resolved_on__isnull=True),
        "resolved": account.warnings.filter(resolved_on__isnull=False)[:20],
        "posts": account.posts.all()[:20], "post_count": account.posts.count(),
        "unanswered": account.messages.filter(answered_at__isnull=True)[:20],
        "filing_form": FilingForm(targets=targets, initial={"effective_on": timezone.localdate()}),
        "import_form": ImportForm(), "can_operate": can_operate,
        "can_decide": services.can_decide(request.user, account),
    })


@staff_required
def filing_new(request: HttpRequest, pk: int) -> HttpResponse:
    account = selectors.staff_account(request.user, pk)
    targets = [(str(a.pk), str(a)) for a in selectors.staff_accounts(request.user, status=AccountStatus.ACTIVE)
               if a.pk != account.pk]
    form = FilingForm(request.POST or None, targets=targets)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        target = next((selectors.staff_account(request.user, int(t)) for t, _ in targets if t == d["merge_into"]), None)
        changes = {k: d[k] for k in ("name", "sponsor", "url", "purpose") if d.get(k)}
        try:
            filing = services.filing_request(actor=request.user, account=account, kind=d["kind"], reason=d["reason"],
                                             effective_on=d["effective_on"], changes=changes, merge_into=target)
            messages.success(request, f"已提交{filing.get_kind_display()}备案，待主管部门审核。")
            return redirect("newmedia_staff:account", pk=account.pk)
        except DomainError as exc:
            form.add_error(None, exc.message)
    return render(request, "newmedia/filing_new.html", {"account": account, "form": form},
                  status=400 if request.method == "POST" else 200)


@staff_required
def filing_decide(request: HttpRequest, pk: int) -> HttpResponse:
    filing = selectors.staff_filing(request.user, pk)
    if request.method != "POST":
        return render(request, "newmedia/filing_decide.html", {"filing": filing})
    approve = request.POST.get("decision") == "approve"
    try:
        services.filing_decide(actor=request.user, filing=filing, approve=approve, note=request.POST.get("note", ""))
        messages.success(request, f"已{'通过' if approve else '退回'}{filing.account}的{filing.get_kind_display()}备案。")
        return redirect("newmedia_staff:account", pk=filing.account.pk)
    except DomainError as exc:
        return render(request, "newmedia/filing_decide.html", {"filing": filing, "error": exc.message},
                      status=exc.status)


@staff_required
def posts_import(request: HttpRequest, pk: int) -> HttpResponse:
    account = selectors.staff_account(request.user, pk)
    if request.method != "POST":
        return redirect("newmedia_staff:account", pk=pk)
    try:
        if request.POST.get("source") == "feed":
            result = services.feed_import(actor=request.user, account=account)
        else:
            form = ImportForm(request.POST, request.FILES)
            if not form.is_valid():
                raise DomainError("请选择内容类型并上传导出文件。")
            upload = form.cleaned_data["file"]
            if upload.size > services.MAX_IMPORT_BYTES:
                raise DomainError("文件超过 5 MB，请分批导入。")
            result = services.posts_import(actor=request.user, account=account, filename=upload.name or "",
                                           data=upload.read(), kind=form.cleaned_data["kind"])
        text = f"导入完成：新增 {result.created} 条，更新 {result.updated} 条，未变 {result.unchanged} 条。"
        if result.errors:
            messages.warning(request, text + f"有 {len(result.errors)} 行未导入：" + "；".join(result.errors[:5]))
        else:
            messages.success(request, text)
        services.account_check(account=account, actor=request.user)
    except DomainError as exc:
        messages.error(request, f"导入失败：{exc.message}")
    return redirect("newmedia_staff:account", pk=pk)


@staff_required
def account_check(request: HttpRequest, pk: int) -> HttpResponse:
    account = selectors.staff_account(request.user, pk)
    if request.method == "POST":
        if account.status != AccountStatus.ACTIVE:
            messages.error(request, f"账号{account.get_status_display()}，不再检查。")
        else:
            found = services.account_check(account=account, actor=request.user)
            messages.success(request, f"检查完成：当前有 {len(found)} 条未处理预警。")
    return redirect("newmedia_staff:account", pk=pk)


@staff_required
def warning_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    warning = selectors.staff_warning(request.user, pk)
    if request.method == "POST":
        try:
            services.warning_resolve(actor=request.user, warning=warning, resolution=request.POST.get("resolution", ""))
            messages.success(request, f"已处理预警：{warning.get_kind_display()}。")
        except DomainError as exc:
            messages.error(request, exc.message)
    return redirect("newmedia_staff:account", pk=warning.account_id)


@staff_required
def warnings_list(request: HttpRequest) -> HttpResponse:
    kind, severity = request.GET.get("kind", ""), request.GET.get("severity", "")
    page = Paginator(selectors.open_warnings(request.user, kind=kind, severity=severity), 50).get_page(
        request.GET.get("page"))
    return render(request, "newmedia/warnings.html", {"page": page, "kinds": Warning.Kind.choices, "kind": kind,
                                                      "severities": Warning.Severity.choices, "severity": severity})


@staff_required
def wordlists(request: HttpRequest) -> HttpResponse:
    word_form = WordRuleForm(request.POST if request.POST.get("form") == "word" else None)
    leader_form = LeaderForm(request.POST if request.POST.get("form") == "leader" else None)
    if request.method == "POST":
        try:
            if request.POST.get("form") == "word" and word_form.is_valid():
                rule = services.word_rule_save(actor=request.user, **word_form.cleaned_data)
                messages.success(request, f"已保存词语“{rule.phrase}”。")
                return redirect("newmedia_staff:wordlists")
            if request.POST.get("form") == "leader" and leader_form.is_valid():
                leader = services.leader_save(actor=request.user, **leader_form.cleaned_data)
                messages.success(request, f"已保存“{leader}”。")
                return redirect("newmedia_staff:wordlists")
        except DomainError as exc:
            messages.error(request, exc.message)
    return render(request, "newmedia/wordlists.html", {
        "words": WordRule.objects.filter(is_active=True), "leaders": Leader.objects.filter(is_active=True),
        "word_form": word_form, "leader_form": leader_form,
        "can_maintain": request.user.is_superuser or any(
            r in (Role.ADMIN, Role.SUPERVISOR) for _o, r in _roles(request.user)),
    })


def _roles(user: Any) -> list[tuple[Any, str]]:
    from gongkai.core.selectors import user_roles

    return user_roles(user)


def dashboard_panel(user: Any) -> Panel | None:
    if not has_any_membership(user):
        return None
    to_decide = len(selectors.filings_to_decide(user))
    warnings = selectors.open_warnings(user)
    serious = warnings.filter(severity=Warning.Severity.SERIOUS).count()
    return Panel(title="政务新媒体", order=60, items=[
        ("运行中账号", str(selectors.staff_accounts(user, status=AccountStatus.ACTIVE).count()), "/staff/newmedia/"),
        ("待审核备案", str(to_decide), "/staff/newmedia/#filings"),
        ("未处理预警", str(warnings.count()), "/staff/newmedia/warnings/"),
        ("严重问题", str(serious), "/staff/newmedia/warnings/?severity=serious"),
    ], alert=f"有 {serious} 个政务新媒体严重问题待处理。" if serious else "")

