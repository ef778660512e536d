"""The staff form for a 公开信息: standard 公开目录 metadata, the body in a rich-text editor served from
this site's static files (django-prose-editor, decision 0550), and the change note of a revision."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db.models import QuerySet

from gongkai.core.forms import FieldsetsMixin
from gongkai.core.models import Organisation
from gongkai.publishing.models import GENRES, TOPICS, Column, Document, InterpretationForm, Kind, Validity


class RichTextWidget(forms.Textarea):
    """A textarea the editor enhances (static/js/editor.js). Without script it stays a textarea, and
    the server keeps one paragraph per line (publishing.richtext.body_to_html)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"rows": 16, "data-rich-editor": "1", **(attrs or {})})

    class Media:
        css = {"all": ["django_prose_editor/material-icons.css", "django_prose_editor/editor.css", "css/editor.css"]}
        js = [forms.Script("js/editor.js", type="module")]

    def use_required_attribute(self, initial: object) -> bool:
        # The editor hides the textarea; a hidden required field would block submission silently.
        return False


class DocumentForm(FieldsetsMixin, forms.Form):
    organisation = forms.ModelChoiceField(label="公开主体", queryset=Organisation.objects.none(), required=False)
    title = forms.CharField(label="标题", max_length=300)
    doc_no = forms.CharField(label="文号", max_length=80, required=False, help_text="如：青政发〔2026〕3号")
    publisher_name = forms.CharField(label="发文机关", max_length=120, required=False,
                                     help_text="不填则为公开主体名称")
    written_on = forms.DateField(label="成文日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    changed_on = forms.DateField(label="形成或变更日期", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                 help_text="条例第二十六条：自形成或变更之日起 20 个工作日内公开")
    topic = forms.ChoiceField(label="主题分类", choices=[(t, t) for t in TOPICS], initial="综合政务")
    genre = forms.ChoiceField(label="体裁", choices=[(g, g) for g in GENRES], initial="通知")
    kind = forms.ChoiceField(label="类别", choices=Kind.choices, initial=Kind.POLICY)
    column = forms.ModelChoiceField(label="专栏栏目", queryset=Column.objects.all(), required=False)
    interprets = forms.ModelChoiceField(label="所解读的政策", required=False, help_text="类别为政策解读时填写",
                                        queryset=Document.objects.filter(kind=Kind.POLICY, status="published"))
    interpretation_form = forms.ChoiceField(label="解读形式", choices=[("", "请选择"), *InterpretationForm.choices],
                                            required=False)
    keywords = forms.CharField(label="关键词", max_length=200, required=False, help_text="多个关键词用空格分隔")
    body_html = forms.CharField(label="正文", widget=RichTextWidget(),
                                help_text="可直接粘贴 Word 内容：段落、标题和表格会保留，Word 的格式代码会被清除。")
    change_note = forms.CharField(label="修改说明", max_length=300, required=False,
                                  help_text="修改已发布的信息时必填，随版本留存")
    major = forms.BooleanField(label="重大修改（实质内容变化，需重新审核后发布）", required=False)

    fieldsets: ClassVar[list[tuple[str, list[str]]]] = [
        ("公开目录信息", ["organisation", "title", "doc_no", "publisher_name", "written_on", "changed_on", "topic",
                    "genre", "kind", "column", "keywords"]),
        ("政策解读", ["interprets", "interpretation_form"]),
        ("正文", ["body_html"]),
        ("修改说明", ["change_note", "major"]),
    ]

    def __init__(self, *args: Any, organisations: QuerySet[Organisation] | None = None,
                 editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
            self.fields["organisation"].required = True
        if not editing:
            del self.fields["change_note"]
            del self.fields["major"]

    def content(self) -> dict[str, object]:
        d = self.cleaned_data
        return {"title": d["title"], "doc_no": d["doc_no"], "publisher_name": d["publisher_name"],
                "written_on": d["written_on"], "changed_on": d["changed_on"], "topic": d["topic"], "genre": d["genre"],
                "kind": d["kind"], "column_id": d["column"].pk if d["column"] else None,
                "interprets_id": d["interprets"].pk if d["interprets"] else None,
                "interpretation_form": d["interpretation_form"], "keywords": d["keywords"], "body_html": d["body_html"]}


class ReviewForm(forms.Form):
    """审核: the 保密审查 confirmation (条例第十四条至第十六条) and the opinion, required either way."""

    secrecy_checked = forms.BooleanField(
        label="已完成保密审查：不涉及国家秘密，不危及“三安全一稳定”，不含未经同意的商业秘密、个人隐私（条例第十四条至第十六条）",
        required=False)
    opinion = forms.CharField(label="审核意见", widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="退回修改时请写明理由")


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="撤回理由", max_length=500, help_text="将在公众页面上显示")


class ValidityForm(forms.Form):
    """有效性: 已修订/已废止 name the amending or repealing item by its 索引号 or 文号."""

    validity = forms.ChoiceField(label="有效性", choices=Validity.choices)
    on = forms.DateField(label="变更日期", widget=forms.DateInput(attrs={"type": "date"}))
    by = forms.CharField(label="修订或废止它的文件", max_length=80, required=False,
                         help_text="已修订、已废止时必填：填写该文件的索引号或文号，如：青政发〔2026〕3号")
    reason = forms.CharField(label="说明", max_length=300, required=False)
