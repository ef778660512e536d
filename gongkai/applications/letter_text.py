"""The words of the 依申请公开 letters, as pure functions of the facts (no ORM, no rendering).

letters.py gathers the facts of one request (its receipt, 补正, consultations, fees, extension and
outcome) and renders what these functions return, as DOCX and PDF, in the layout of GB/T 9704-2012
党政机关公文格式. The rules kept here:

- 成文日期 in Arabic numerals without leading zeros: 2026年12月1日 (GB/T 9704-2012 7.3.5.1).
- 发文字号: the organ's prefix, the year in 六角括号〔〕, the serial without leading zeros: 青政信复〔2026〕6号
  (GB/T 9704-2012 7.2.4).
- The reasoning names what happened and when, with the article for each step: 补正 (条例第三十条),
  consultation of a third party (第三十二条) or another agency (第三十四条), fees (第四十二条 and
  国办函〔2020〕109号), extension (第三十三条第二款), and the legal basis of the outcome (第三十六条 to
  第三十九条; 第十四条 to 第十六条 for what is withheld).
- Remedies: 行政复议 within 60 days (行政复议法第二十条) or 行政诉讼 within 6 months (行政诉讼法第四十六条);
  where information is withheld, 复议 comes first (行政复议法第二十三条第一款第（四）项).
- User text is cleaned of control characters and Word field syntax before it is placed in a letter.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

LAW = "《中华人民共和国政府信息公开条例》"
LAW_SHORT = "《条例》"
FEE_RULES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"

TITLES = {
    "reply": "政府信息公开申请答复书",
    "correction": "政府信息公开申请补正告知书",
    "extension": "政府信息公开申请延期答复告知书",
    "consultation": "政府信息公开征求意见函",
    "fee": "政府信息公开信息处理费缴费通知书",
}


# --- User text ---------------------------------------------------------------------------------

# XML 1.0 forbids most C0 controls; C1 controls, bidi overrides and non-characters have no place in a
# letter either (they hide or reorder text). Tab and newline become spaces: a letter field is one line.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb\ufffe\uffff]")
# Word fields (INCLUDEPICTURE fetches a URL, DDEAUTO runs a program, …) as typed or pasted: a field in
# braces, an instruction keyword with its argument, and the OOXML field elements written as text.
_FIELD_NAMES = (r"INCLUDEPICTURE|INCLUDETEXT|INCLUDE|DDEAUTO|DDE|IMPORT|HYPERLINK|LINK|EMBED|MACROBUTTON|"
                r"AUTOTEXT|FILLIN|ASK|QUOTE|DATABASE|MERGEFIELD|GOTOBUTTON|PRINT|SET|REF")
_FIELD_IN_BRACES = re.compile(r"[{｛]\s*(?:" + _FIELD_NAMES + r")\b[^{}｛｝]*[}｝]", re.IGNORECASE)
_FIELD_INSTRUCTION = re.compile(r"\b(?:INCLUDEPICTURE|INCLUDETEXT|DDEAUTO|DDE|MACROBUTTON)\b\s*(?:\"[^\"]*\"|\S+)?",
                                re.IGNORECASE)
_FIELD_ELEMENTS = re.compile(r"</?\s*w:(?:fldSimple|instrText|fldChar|fldData)\b[^>]*>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\n\u3000]+")


def clean_text(value: object, *, limit: int = 20_000) -> str:
    """User text made fit for a letter: no control characters, no Word field syntax, one line.

    Markup is left as text on purpose (autoescaping shows `<w:p>` literally); only what could turn
    into a live field when the letter is opened, converted or pasted is removed.
    """
    text = unicodedata.normalize("NFC", str(value or ""))
    text = "".join(ch for ch in text if not 0xD800 <= ord(ch) <= 0xDFFF)
    text = _CONTROL.sub(" ", text)
    previous = None
    while previous != text:  # removing one field may join the pieces of another
        previous = text
        text = _FIELD_IN_BRACES.sub("", text)
        text = _FIELD_ELEMENTS.sub("", text)
        text = _FIELD_INSTRUCTION.sub("", text)
    return _SPACES.sub(" ", text).strip()[:limit]


# --- Dates, numbers, punctuation ---------------------------------------------------------------

def cn_date(value: date | None) -> str:
    """2026年12月1日: Arabic numerals, no leading zeros (GB/T 9704-2012 7.3.5.1)."""
    if value is None:
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


def letter_number(prefix: str, year: int, serial: int) -> str:
    """青政信复〔2026〕6号: prefix, year in 六角括号, serial without leading zeros (GB/T 9704-2012 7.2.4)."""
    if serial < 1:
        raise ValueError("文号顺序号应为正整数。")
    return f"{prefix.strip()}〔{year}〕{serial}号"


_END = "。！？"
_DOUBLED = re.compile(r"([，。；：！？、])[，。；：！？、]+")
_CLOSE_THEN_STOP = re.compile(r"([。！？])([”’）」』])[。；，]")


def tidy(text: str) -> str:
    """No doubled punctuation: "结果。”。" → "结果。”", "。。" → "。", "，。" → "，"."""
    previous = None
    while previous != text:
        previous = text
        text = _CLOSE_THEN_STOP.sub(r"\1\2", text)
        text = _DOUBLED.sub(r"\1", text)
    return text


def sentence(text: str) -> str:
    """One sentence, ending in exactly one full stop (or the question or exclamation mark it had)."""
    text = text.strip().rstrip("，；：、,;: ")
    if not text:
        return ""
    if text[-1] in _END or (len(text) > 1 and text[-1] in "”’）」』" and text[-2] in _END):
        return tidy(text)
    return tidy(text + "。")


def quote(text: str) -> str:
    """A quotation inside a sentence: its own closing full stop is dropped (the sentence has one)."""
    return "“" + text.strip().rstrip("。；，,.; ") + "”"


def char_width(text: str) -> float:
    """Width in 字 (full-width characters): digits and Latin letters are half a 字."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def signature_indents(name: str, date_text: str) -> tuple[float, float]:
    """Right indents (in 字) of the 发文机关署名 and the 成文日期 (GB/T 9704-2012 7.3.5.1):

    the date is 右空四字 and the name is centred over the date; a name longer than the date keeps
    右空二字 and the date moves to stay centred under it.
    """
    name_w, date_w = char_width(name), char_width(date_text)
    date_right = 4.0
    name_right = date_right + (date_w - name_w) / 2
    if name_right < 2.0:
        name_right = 2.0
        date_right = name_right + (name_w - date_w) / 2
    return round(name_right, 2), round(date_right, 2)


# --- Facts and the letter ----------------------------------------------------------------------

@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = "body"  # body (首行缩进二字) | h1 (一、 黑体) | h2 (（一） 楷体) | plain (顶格)

    def as_dict(self) -> dict[str, str]:
        return {"text": self.text, "style": self.style}


@dataclass(frozen=True)
class FeeBand:
    start: int
    end: int | None
    count: int
    rate: int
    amount: int

    def text(self, unit: str) -> str:
        span = f"第{self.start}{unit}及以上" if self.end is None else f"第{self.start}至{self.end}{unit}"
        rate = "免费" if self.rate == 0 else f"每{unit}{self.rate}元"
        return f"{span}，{rate}，计{self.count}{unit}，{self.amount}元"


@dataclass(frozen=True)
class Withheld:
    material: str
    where: str  # 第3页 / 2处文字 / 第2页的一处区域
    reason: str  # the reason's label, naming its article
    article: str  # 第十五条


@dataclass
class Facts:
    """What a letter may say about one request; built by letters.py from the records."""

    kind: str
    org_name: str
    signing_name: str
    number: str
    issued_on: date
    applicant_name: str
    application_number: str
    channel: str = ""
    received_on: date | None = None
    description: str = ""
    # what happened
    correction_notice_on: date | None = None
    correction_received_on: date | None = None
    correction_what: str = ""
    correction_days: int = 0
    correction_due: date | None = None
    consultations: list[tuple[str, date, date | None, str]] = field(default_factory=list)  # kind, start, end, party
    consultation_due: date | None = None
    fee_notice_on: date | None = None
    fee_method: str = ""  # piece | page
    fee_quantity: int = 0
    fee_amount: int = 0
    fee_bands: list[FeeBand] = field(default_factory=list)
    fee_payment_due: date | None = None
    fee_paid_on: date | None = None
    fee_waived: bool = False
    fee_instructions: str = ""
    extension_days: int = 0
    extension_reason: str = ""
    extension_on: date | None = None
    reply_due: date | None = None
    # the outcome
    outcome: str = ""
    outcome_note: str = ""
    attachments: list[str] = field(default_factory=list)
    withheld: list[Withheld] = field(default_factory=list)
    # the letter's frame
    reconsideration_body: str = ""
    court: str = ""
    contact_person: str = ""
    contact_phone: str = ""
    contact_address: str = ""

    @property
    def fee_unit(self) -> str:
        return "件" if self.fee_method == "piece" else "页"

    @property
    def fee_method_label(self) -> str:
        return "按件计收" if self.fee_method == "piece" else "按量计收"


@dataclass
class Letter:
    kind: str
    title_lines: list[str]
    number: str
    addressee: str
    paragraphs: list[Paragraph]
    attachments: list[str]
    signing_name: str
    date_text: str
    note: str  # 附注: contact, below the date (GB/T 9704-2012 7.3.6)
    remedies: str = ""

    @property
    def body(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)

    def all_text(self) -> str:
        return "\n".join([*self.title_lines, self.number, self.addressee, self.body, *self.attachments,
                          self.signing_name, self.date_text, self.note])


class _Citer:
    """Cites the 条例 by its full name the first time, then as 《条例》 (as official letters do)."""

    def __init__(self) -> None:
        self.first = True

    def __call__(self, articles: str) -> str:
        if self.first:
            self.first = False
            return f"{LAW}（以下简称{LAW_SHORT}）{articles}"
        return f"{LAW_SHORT}{articles}"


CN_NUMERALS = "零一二三四五六七八九十"


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (for 一、 and （一） headings)."""
    if n <= 10:
        return CN_NUMERALS[n]
    if n < 20:
        return "十" + CN_NUMERALS[n - 10]
    if n < 100:
        return CN_NUMERALS[n // 10] + "十" + (CN_NUMERALS[n % 10] if n % 10 else "")
    return str(n)


# Withholding outcomes (条例第三十六条第（三）项 with 第十四条 to 第十六条): what was found, and the articles.
WITHHELD = {
    "withheld_secret": ("属于国家秘密", "第十四条、第三十六条第（三）项"),
    "withheld_law": ("属于法律、行政法规禁止公开的政府信息", "第十四条、第三十六条第（三）项"),
    "withheld_security": ("公开后可能危及国家安全、公共安全、经济安全、社会稳定", "第十四条、第三十六条第（三）项"),
    "withheld_third_party": ("涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害",
                             "第十五条、第三十二条、第三十六条第（三）项"),
    "withheld_internal": ("属于人事管理、后勤管理、内部工作流程等方面的内部事务信息", "第十六条第一款、第三十六条第（三）项"),
    "withheld_process": ("属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息",
                         "第十六条第二款、第三十六条第（三）项"),
    "withheld_enforcement": ("属于行政执法案卷信息", "第十六条第二款、第三十六条第（三）项"),
}
NOT_DISCLOSED = {*WITHHELD, "partial"}


# Outcomes whose paragraph is fixed: (the finding, the article of 条例 relied on, the decision), read as
# "{finding}根据{article}的规定，{decision}".
FIXED_OUTCOMES: dict[str, tuple[str, str, str]] = {
    "withheld_query": ("经审查，您申请获取的信息属于行政机关依照有关法律、行政法规提供查询的事项。", "第三十六条第（七）项",
                       "请您依照有关法律、行政法规的规定办理查询"),
    "unavailable_needs_creation": ("经审查，本机关没有您申请获取的现成信息，提供该信息需要对现有政府信息进行加工、分析。",
                                   "第三十八条", "本机关不予提供"),
    "unavailable_unclear": ("经审查，您补正后的申请内容仍不明确，本机关无法确定您所需的政府信息。", "第三十条", "本机关无法提供"),
    "rejected_petition": ("经审查，您以政府信息公开申请的形式提出的是信访、投诉、举报等事项。", "第三十九条第一款",
                          "本机关不作为政府信息公开申请处理，您可以通过相应渠道提出"),
    "rejected_repeat": ("经审查，本机关已就您提出的相同政府信息公开申请作出答复。", "第三十六条第（六）项", "本机关不予重复处理"),
    "rejected_publication": ("经审查，您申请获取的是公开出版物。", "第三十九条第二款", "告知您可以通过公开发行渠道获取"),
    "rejected_excessive": ("经审查，您申请公开政府信息的数量、频次明显超过合理范围，且说明的理由不合理。", "第三十五条",
                           "本机关不予处理"),
    "rejected_confirm": ("经审查，您的申请是要求本机关确认或者重新出具您已获取的信息，不属于政府信息公开申请。", "第三十九条",
                         "本机关不作为政府信息公开申请处理"),
    "other_no_correction": ("本机关已向您发出补正告知书，您无正当理由逾期未补正。", "第三十条",
                            "视为您放弃申请，本机关不再处理该政府信息公开申请"),
    "other_special_law": ("经审查，法律、行政法规对您申请获取的信息的获取有特别规定。", "第三十六条第（七）项",
                          "请您依照有关法律、行政法规的规定办理"),
}


def outcome_paragraphs(facts: Facts, cite: _Citer) -> list[Paragraph]:
    """The decision and its legal basis, per outcome code of rules.OUTCOMES."""
    code, note = facts.outcome, facts.outcome_note.strip()
    attached = "（见附件）" if facts.attachments else ""
    out: list[str] = []
    if code == "disclose":
        out.append(f"经审查，您申请获取的信息属于可以公开的政府信息。根据{cite('第三十六条第（二）项')}的规定，"
                   f"本机关决定予以公开，现向您提供该政府信息{attached}")
    elif code == "already_public":
        where = note or "本机关门户网站政府信息公开专栏"
        out.append(f"经审查，您申请获取的信息已经主动公开。根据{cite('第三十六条第（一）项')}的规定，"
                   f"现告知您获取该信息的方式和途径：{where.rstrip('。')}")
        note = ""
    elif code == "partial":
        out.append(f"经审查，您申请获取的信息中含有不应当公开的内容，但能够作区分处理。根据{cite('第三十七条')}的规定，"
                   f"本机关向您提供可以公开的信息内容{attached}，对不予公开的内容说明理由如下")
        paragraphs = [Paragraph(sentence(p)) for p in out]
        for i, item in enumerate(facts.withheld, 1):
            paragraphs.append(Paragraph(sentence(
                f"（{cn_number(i)}）{item.material}{item.where}：{item.reason.split('（')[0]}，"
                f"依据{cite(item.article)}不予公开")))
        if note:
            paragraphs.append(Paragraph(sentence(note)))
        return paragraphs
    elif code in WITHHELD:
        found, articles = WITHHELD[code]
        consulted = ""
        if code == "withheld_third_party":
            third = [c for c in facts.consultations if c[0] == "third_party"]
            if third:
                consulted = f"本机关已于{cn_date(third[0][1])}依法书面征求第三方意见。"
        out.append(f"经审查，您申请获取的信息{found}。{consulted}根据{cite(articles)}的规定，本机关决定不予公开")
    elif code == "unavailable_not_held":
        where = f"经查，该信息由{note.rstrip('。')}负责公开，您可以向其提出申请" if note else "告知您该政府信息不存在"
        note = ""
        out.append(f"经检索查找，本机关未制作、获取您申请公开的政府信息。根据{cite('第三十六条第（四）项、第（五）项')}"
                   f"的规定，{where}")
    elif code in FIXED_OUTCOMES:
        finding, article, decision = FIXED_OUTCOMES[code]
        out.append(f"{finding}根据{cite(article)}的规定，{decision}")
    elif code == "other_fee_unpaid":
        out.append(f"本机关已向您发出信息处理费缴费通知，您逾期未缴纳。根据{FEE_RULES}的规定，视为您放弃申请，"
                   f"本机关不再处理该政府信息公开申请")
    else:
        raise ValueError(f"答复书没有办理结果“{code}”的文字。")
    paragraphs = [Paragraph(sentence(p)) for p in out]
    if note:
        paragraphs.append(Paragraph(sentence(note)))
    return paragraphs


def remedies(facts: Facts) -> str:
    """The remedies paragraph (行政复议法第二十条、第二十三条; 行政诉讼法第四十六条)."""
    body = facts.reconsideration_body or "上一级行政机关"
    court = facts.court or "有管辖权的人民法院"
    if facts.outcome in NOT_DISCLOSED:
        # 行政复议法（2023年修订）第二十三条第一款第（四）项: 申请政府信息公开，行政机关不予公开的，复议前置.
        return sentence(f"如对本答复不服，可以自收到本答复之日起六十日内向{body}申请行政复议；"
                        f"对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内依法向{court}提起行政诉讼")
    return sentence(f"如对本答复不服，可以自收到本答复之日起六十日内向{body}申请行政复议，"
                    f"或者自收到本答复之日起六个月内向{court}提起行政诉讼")


CHANNEL_WORDS = {"online": "通过互联网", "in_person": "当面", "post_signed": "以邮寄方式", "post_ordinary": "以信函方式",
                 "fax": "以传真方式", "email": "以电子邮件方式", "oral": "以口头方式"}


def _opening(facts: Facts, *, what: str = "申请获取") -> str:
    via = CHANNEL_WORDS.get(facts.channel, "")
    received = cn_date(facts.received_on) if facts.received_on else "近日"
    desc = quote(facts.description) if facts.description else "有关政府信息"
    return sentence(f"本机关于{received}收到您（单位）{via}提出的政府信息公开申请（申请编号：{facts.application_number}），"
                    f"{what}{desc}")


_CITE_MARK = re.compile(r"⟦(.+?)⟧")


def history(facts: Facts, cite: _Citer) -> list[str]:
    """What happened before the reply, each step with its date and article, in date order."""
    steps: list[tuple[date, str]] = []
    if facts.correction_notice_on:
        text = f"本机关于{cn_date(facts.correction_notice_on)}向您发出补正告知书"
        if facts.correction_received_on:
            text += (f"，并于{cn_date(facts.correction_received_on)}收到您补正后的申请。根据⟦第三十条⟧的规定，"
                     f"答复期限自收到补正后的申请之日起计算")
        steps.append((facts.correction_notice_on, sentence(text)))
    for kind, start, end, party in facts.consultations:
        if kind == "third_party":
            text = f"因您申请公开的信息涉及第三方合法权益，本机关于{cn_date(start)}书面征求第三方意见"
            article = "第三十二条"
        else:
            text = f"因您申请公开的信息需要与{party or '有关行政机关'}确认，本机关于{cn_date(start)}书面征求其意见"
            article = "第三十四条"
        if end:
            text += f"，征求意见于{cn_date(end)}结束"
        text += f"。根据⟦{article}⟧的规定，征求意见所需时间不计算在答复期限内"
        steps.append((start, sentence(text)))
    if facts.fee_notice_on and facts.fee_amount:
        text = (f"本机关向您发出信息处理费缴费通知，您于{cn_date(facts.fee_notice_on)}收到，"
                f"{facts.fee_method_label}应缴纳信息处理费{facts.fee_amount}元")
        if facts.fee_waived:
            text += "，经本机关决定予以减免"
        elif facts.fee_paid_on:
            text += f"，您已于{cn_date(facts.fee_paid_on)}缴纳"
        text += f"。根据{FEE_RULES}的规定，缴费期间不计算在答复期限内"
        steps.append((facts.fee_notice_on, sentence(text)))
    if facts.extension_days:
        reason = f"因{facts.extension_reason.rstrip('。')}，" if facts.extension_reason else ""
        known = facts.extension_on is not None and facts.extension_on <= facts.issued_on
        on = f"并于{cn_date(facts.extension_on)}书面告知您" if known else "并已书面告知您"
        text = (f"{reason}根据⟦第三十三条第二款⟧的规定，经本机关政府信息公开工作机构负责人同意，"
                f"答复期限延长{facts.extension_days}个工作日，{on}")
        steps.append((facts.extension_on or facts.issued_on, sentence(text)))
    # Cite in reading order, so the first citation after sorting is the one with the law's full name.
    steps.sort(key=lambda s: s[0])
    return [_CITE_MARK.sub(lambda m: cite(m.group(1)), text) for _, text in steps]


def contact_note(facts: Facts) -> str:
    parts = []
    if facts.contact_person:
        parts.append(f"联系人：{facts.contact_person}")
    if facts.contact_phone:
        parts.append(f"联系电话：{facts.contact_phone}")
    if facts.contact_address:
        parts.append(f"地址：{facts.contact_address}")
    return f"（{'；'.join(parts)}）" if parts else ""


def compose(facts: Facts) -> Letter:
    """The letter of one kind, from the facts."""
    cite = _Citer()
    paragraphs: list[Paragraph] = []
    addressee = facts.applicant_name
    attachments: list[str] = []
    text_remedies = ""
    if facts.kind == "reply":
        paragraphs.append(Paragraph(_opening(facts)))
        paragraphs += [Paragraph(p) for p in history(facts, cite)]
        paragraphs += outcome_paragraphs(facts, cite)
        text_remedies = remedies(facts)
        paragraphs.append(Paragraph(text_remedies))
        attachments = list(facts.attachments)
    elif facts.kind == "correction":
        paragraphs.append(Paragraph(_opening(facts)))
        what = facts.correction_what.rstrip("。；; ") or "所需政府信息的名称、文号或者便于查询的其他特征性描述"
        paragraphs.append(Paragraph(sentence(
            f"经审查，您的申请内容不明确。根据{cite('第三十条')}的规定，现一次性告知您作出如下补正：{what}")))
        due = f"（即{cn_date(facts.correction_due)}前）" if facts.correction_due else ""
        paragraphs.append(Paragraph(sentence(
            f"请您自收到本告知书之日起{facts.correction_days}个工作日内{due}提交补正后的申请。"
            f"答复期限自本机关收到补正后的申请之日起计算。无正当理由逾期不补正的，视为放弃申请，"
            f"本机关不再处理该政府信息公开申请")))
    elif facts.kind == "extension":
        paragraphs.append(Paragraph(_opening(facts)))
        reason = f"因{facts.extension_reason.rstrip('。')}，" if facts.extension_reason else ""
        due = f"，延长后的答复期限至{cn_date(facts.reply_due)}" if facts.reply_due else ""
        paragraphs.append(Paragraph(sentence(
            f"{reason}本机关不能在法定期限内作出答复。根据{cite('第三十三条第二款')}的规定，经本机关政府信息公开工作机构"
            f"负责人同意，答复期限延长{facts.extension_days}个工作日{due}")))
        paragraphs.append(Paragraph("特此告知。"))
    elif facts.kind == "consultation":
        kind, start, _end, party = facts.consultations[-1] if facts.consultations else ("third_party", facts.issued_on, None, "")
        addressee = party or "有关单位"
        received = cn_date(facts.received_on) if facts.received_on else "近日"
        desc = quote(facts.description) if facts.description else "有关政府信息"
        paragraphs.append(Paragraph(sentence(f"本机关于{received}收到一件政府信息公开申请，申请获取{desc}")))
        due = f"（即{cn_date(facts.consultation_due)}前）" if facts.consultation_due else ""
        if kind == "third_party":
            paragraphs.append(Paragraph(sentence(
                f"经审查，该信息可能涉及你单位（你）的商业秘密、个人隐私等合法权益，公开后可能对你单位（你）造成损害。"
                f"根据{cite('第三十二条')}的规定，现书面征求你单位（你）的意见")))
            paragraphs.append(Paragraph(sentence(
                f"请于收到本函之日起15个工作日内{due}书面提出是否同意公开的意见及理由。逾期未提出意见的，"
                f"由本机关依照{LAW_SHORT}的规定决定是否公开。第三方不同意公开且有合理理由的，本机关不予公开；"
                f"本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定公开的政府信息内容和理由"
                f"书面告知第三方")))
        else:
            paragraphs.append(Paragraph(sentence(
                f"经审查，该信息的公开需要与贵单位确认。根据{cite('第三十四条')}的规定，现书面征求贵单位意见")))
            paragraphs.append(Paragraph(sentence(
                f"请于收到本函之日起15个工作日内{due}书面提出意见；逾期未提出意见的，视为同意公开")))
    elif facts.kind == "fee":
        paragraphs.append(Paragraph(_opening(facts)))
        paragraphs.append(Paragraph(sentence(
            f"经审查，您申请公开政府信息的数量、频次明显超过合理范围。根据{cite('第四十二条')}和{FEE_RULES}的规定，"
            f"本机关决定收取信息处理费")))
        paragraphs.append(Paragraph(sentence(
            f"计收方式：{facts.fee_method_label}（{facts.fee_quantity}{facts.fee_unit}），实行超额累进计收")))
        for i, band in enumerate(facts.fee_bands, 1):
            paragraphs.append(Paragraph(sentence(f"{i}. {band.text(facts.fee_unit)}")))
        paragraphs.append(Paragraph(sentence(f"应缴纳信息处理费合计{facts.fee_amount}元")))
        due = f"于{cn_date(facts.fee_payment_due)}前" if facts.fee_payment_due else "自收到本通知之次日起20个工作日内"
        instructions = f"缴纳方式：{facts.fee_instructions.rstrip('。')}。" if facts.fee_instructions else ""
        paragraphs.append(Paragraph(sentence(
            f"请您{due}缴纳。{instructions}自本机关发出收费通知至您缴纳费用的期间，不计算在答复期限内。"
            f"逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请")))
    else:
        raise ValueError(f"未知的文书类型：{facts.kind}")
    return Letter(
        kind=facts.kind, title_lines=[facts.org_name, TITLES[facts.kind]], number=facts.number,
        addressee=f"{addressee}：", paragraphs=[Paragraph(tidy(p.text), p.style) for p in paragraphs],
        attachments=attachments, signing_name=facts.signing_name, date_text=cn_date(facts.issued_on),
        note=contact_note(facts), remedies=text_remedies,
    )


def fee_bands(rows: Iterable[dict[str, int | None]]) -> list[FeeBand]:
    """The rows of rules.fee_by_piece / fee_by_page as bands for the 收费通知."""
    bands = []
    for row in rows:
        bands.append(FeeBand(start=int(row["from"] or 0), end=None if row["to"] is None else int(row["to"]),
                             count=int(row["count"] or 0), rate=int(row["rate"] or 0), amount=int(row["amount"] or 0)))
    return bands


def attachment_lines(names: Sequence[str]) -> list[str]:
    """附件说明 (GB/T 9704-2012 7.3.4): "附件：1. …", the next ones aligned under the first name."""
    if not names:
        return []
    if len(names) == 1:
        return [f"附件：{names[0]}"]
    return [("附件：" if i == 1 else "　　　") + f"{i}. {name}" for i, name in enumerate(names, 1)]
