"""Letters and redaction: time to generate each letter kind (DOCX and PDF) against a bare WeasyPrint render
of the same HTML in the same run, and time to redact a 100-page PDF against a bare PyMuPDF rewrite of it.

The bare render is `weasyprint.HTML(string=html).write_pdf()` with no reused font configuration, as the
letters were made before; "pdf" is letters.render_pdf (reused configuration, no URL fetching, the tighter
second setting only when the signature was pushed to a new page). Medians of --repeat runs.

Usage: .venv/bin/python -m benchmarks.letters_bench [--repeat 5] [--pages 100]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import date
from typing import Any

from benchmarks.setup import django_setup


def timed(fn: Any, repeat: int) -> tuple[float, Any]:
    samples, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pages", type=int, default=100)
    args = parser.parse_args()
    django_setup("letters")

    import pymupdf
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from weasyprint import HTML

    from gongkai.applications import letters, redaction, services
    from gongkai.applications.models import Pause
    from gongkai.core.creditcode import make_credit_code
    from gongkai.core.models import Membership, Organisation, Role

    gov = Organisation.objects.create(name="青溪县人民政府", kind="government", level="county",
                                      credit_code=make_credit_code("11", "320199", "LB000001"))
    org = Organisation.objects.create(name="青溪县财政局", short_name="青溪县财政局", kind="department",
                                      level="county", parent=gov, address="江苏省青溪县人民路 1 号",
                                      phone="025-57210000", credit_code=make_credit_code("11", "320199", "LB000002"))
    officer = get_user_model().objects.create_user("officer", password="x", first_name="李明")
    admin = get_user_model().objects.create_superuser("root", password="x")
    Membership.objects.create(user=officer, organisation=org, role=Role.OFFICER)
    letters.letter_settings_update(actor=admin, organisation=org, reply_prefix="青财信复", notice_prefix="青财信告",
                                   reconsideration_body="青溪县人民政府", court="青溪县人民法院")
    app, _ = services.application_submit(actor=officer, organisation=org, channel="in_person",
                                         submitted_on=date(2026, 9, 30), data={
        "applicant_kind": "natural", "name": "张三", "phone": "13800138000", "description": "老旧小区改造项目立项批复",
        "form_wanted": "electronic", "delivery": "email"})
    services.application_request_correction(actor=officer, application=app, what="请写明项目名称", notice_on=date(2026, 10, 9))
    services.application_correction_received(actor=officer, application=app, received_on=date(2026, 10, 12))
    services.application_consult(actor=officer, application=app, kind=Pause.Kind.THIRD_PARTY, start=date(2026, 10, 14),
                                 party="青溪县宏达建设有限公司")
    services.application_consult_done(actor=officer, application=app, end=date(2026, 10, 20), summary="不同意")
    services.application_extend(actor=officer, application=app, workdays=15, approved_by="周主任", reason="材料较多",
                                 today=date(2026, 10, 22))
    services.application_fee_notice(actor=officer, application=app, method="page", quantity=120,
                                    notice_received_on=date(2026, 10, 26), decided_by="周主任")
    services.application_fee_settled(actor=officer, application=app, paid_on=date(2026, 10, 28))
    services.application_reply(actor=officer, application=app, outcome_code="withheld_third_party",
                               replied_on=date(2026, 11, 20))

    start = time.perf_counter()
    letters.letter_issue(actor=officer, application=app, kind="reply")  # first letter of the process (cold)
    cold = time.perf_counter() - start

    kinds: dict[str, Any] = {}
    for kind in ("reply", "correction", "consultation", "extension", "fee"):
        letter, context = letters.compose_letter(app, kind, number="青财信复〔2026〕9号",
                                                 issued_on=letters.default_issue_date(app, kind))
        html = letters.letter_html(letter)
        template, _version = letters.active_template(kind)
        docx_s, _ = timed(lambda t=template, c=context: letters.render_docx_bytes(t, c), args.repeat)
        pdf_s, _ = timed(lambda letter=letter: letters.render_pdf(letter), args.repeat)
        bare_s, _ = timed(lambda html=html: HTML(string=html).write_pdf(), args.repeat)
        issue_s, _ = timed(lambda kind=kind: letters.letter_issue(actor=officer, application=app, kind=kind),
                           args.repeat)
        kinds[kind] = {"docx_s": round(docx_s, 3), "pdf_s": round(pdf_s, 3), "issue_total_s": round(issue_s, 3),
                       "baseline_bare_weasyprint_s": round(bare_s, 3), "pdf_vs_bare_ratio": round(pdf_s / bare_s, 2)}

    # Redaction of a long PDF: a passage on every page, plus two whole pages withheld.
    secret = "宏达建设合同单价每平方米1280元"
    doc = pymupdf.open()
    for n in range(args.pages):
        page = doc.new_page(width=595, height=842)
        page.insert_textbox(pymupdf.Rect(72, 72, 523, 770),
                            f"第{n + 1}页。老旧小区改造项目施工合同，{secret}，工期一百八十天。" * 12,
                            fontname="china-s", fontsize=11)
    source = bytes(doc.tobytes())
    disclosure = redaction.disclosure_upload(actor=officer, application=app,
                                             file=SimpleUploadedFile("long.pdf", source), title="施工合同")
    redaction.redaction_mark_add(actor=officer, disclosure=disclosure, kind="text", reason="art15_third_party",
                                 text=secret)
    for page_no in (3, 7):
        redaction.redaction_mark_add(actor=officer, disclosure=disclosure, kind="page", reason="art16_process",
                                     page=page_no)
    release_s, copy = timed(lambda: redaction.redaction_release(actor=officer, disclosure=disclosure), 1)
    marks = redaction.active_marks(disclosure)
    redact_s, _ = timed(lambda: redaction.redacted_bytes(disclosure, marks), 1)

    def rewrite() -> bytes:
        with pymupdf.open(stream=source, filetype="pdf") as d:
            return bytes(d.tobytes(garbage=4, deflate=True, clean=True))

    bare_rewrite_s, _ = timed(rewrite, 1)
    leaked = secret in redaction.pdf_all_text(redaction.released_file(copy)[0])
    print(json.dumps({
        "letters": kinds,
        "first_letter_cold_s": round(cold, 3),
        "redaction": {"pages": args.pages, "occurrences": marks[0].hits, "redact_s": round(redact_s, 3),
                      "release_total_s": round(release_s, 3),
                      "baseline_bare_pymupdf_rewrite_s": round(bare_rewrite_s, 3),
                      "redact_vs_rewrite_ratio": round(redact_s / bare_rewrite_s, 2), "secret_left": leaked},
    }, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
