from __future__ import annotations

from django import forms

from gongkai.publishing.models import GENRES, TOPICS, Column, Document, InterpretationForm, Kind


class DocumentForm(forms.Form):
    title = forms.CharField(label="标题", max_length=300)
    doc_no = forms.CharField(label="文号", max_length=80, required=False)
    publisher_name = forms.CharField(label="发文机关", max_length=120, required=False)
    written_on = forms.DateField(label="成文日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    changed_on = forms.DateField(label="形成或变更日期（条例第二十六条）", required=False,
                                 widget=forms.DateInput(attrs={"type": "date"}))
    topic = forms.ChoiceField(label="主题分类", choices=[(t, t) for t in TOPICS], initial="综合政务")
    genre = forms.ChoiceField(label="体裁", choices=[(g, g) for g in GENRES], initial="通知")
    kind = forms.ChoiceField(label="类别", choices=Kind.choices, initial=Kind.POLICY)
    column = forms.ModelChoiceField(label="专栏栏目", queryset=Column.objects.all(), required=False)
    interprets = forms.ModelChoiceField(label="所解读的政策（解读时填写）", required=False,
                                        queryset=Document.objects.filter(kind=Kind.POLICY, status="published"))
    interpretation_form = forms.ChoiceField(label="解读形式", choices=[("", "—"), *InterpretationForm.choices],
                                            required=False)
    keywords = forms.CharField(label="关键词", max_length=200, required=False)
    body_html = forms.CharField(label="正文（可含基本格式）", widget=forms.Textarea(attrs={"rows": 14}))
    change_note = forms.CharField(label="修改说明（修改已发布信息时必填）", max_length=300, required=False)
    major = forms.BooleanField(label="重大修改", required=False)

    def content(self) -> dict[str, object]:
        d = self.cleaned_data
        return {"title": d["title"], "doc_no": d["doc_no"], "publisher_name": d["publisher_name"],
                "written_on": d["written_on"], "changed_on": d["changed_on"], "topic": d["topic"], "genre": d["genre"],
                "kind": d["kind"], "column_id": d["column"].pk if d["column"] else None,
                "interprets_id": d["interprets"].pk if d["interprets"] else None,
                "interpretation_form": d["interpretation_form"], "keywords": d["keywords"], "body_html": d["body_html"]}
