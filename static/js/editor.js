/* The body editor: django-prose-editor (ProseMirror/Tiptap), served from this site's own static files.
   It enhances <textarea data-rich-editor>; without script the textarea stays and the server keeps one
   paragraph per line. Whatever it sends, the server cleans with nh3 (publishing/richtext.py). */
import "./editor-i18n.js";
import {
  Blockquote, Bold, BulletList, Document, Dropcursor, Gapcursor, HardBreak, Heading, History, HorizontalRule,
  Italic, Link, ListItem, Menu, OrderedList, Paragraph, Strike, Table, TableCell, TableHeader, TableRow, Text,
  Underline, createTextareaEditor,
} from "../django_prose_editor/editor.js";

// Menu buttons carry English titles (not translatable in the package): name them in Chinese.
const LABELS = {
  "bold": "加粗", "italic": "斜体", "underline": "下划线", "strike": "删除线", "paragraph": "正文段落",
  "unordered list": "项目符号列表", "ordered list": "编号列表", "blockquote": "引用", "horizontal rule": "分隔线",
  "insert link": "插入链接", "remove link": "取消链接", "undo": "撤销", "redo": "重做", "Insert table": "插入表格",
  "Add column": "增加一列", "Delete column": "删除本列", "Add row": "增加一行", "Delete row": "删除本行",
  "Delete table": "删除表格", "Merge cells": "合并单元格", "Split cell": "拆分单元格",
  "heading 2": "二级标题", "heading 3": "三级标题", "heading 4": "四级标题",
  "Heading 2": "二级标题", "Heading 3": "三级标题", "Heading 4": "四级标题", "Paragraph": "正文段落",
};

function translateMenu(root) {
  root.querySelectorAll("[title], [aria-label]").forEach((el) => {
    for (const attr of ["title", "aria-label"]) {
      const value = el.getAttribute(attr);
      if (value && LABELS[value]) { el.setAttribute(attr, LABELS[value]); }
    }
  });
  root.querySelectorAll(".prose-menubar__option h2, .prose-menubar__option h3, .prose-menubar__option h4, "
    + ".prose-menubar__option p").forEach((el) => {
    if (LABELS[el.textContent]) { el.textContent = LABELS[el.textContent]; }
  });
}

// A Word heading 1 is a second-level heading here (the page title is the only h1); 5 and 6 become 4.
function demoteHeadings(html) {
  return html.replace(/<(\/?)h1\b/gi, "<$1h2").replace(/<(\/?)h[56]\b/gi, "<$1h4");
}

// Tiptap injects its base rules as an inline <style> unless one marked data-tiptap-style exists; a strict
// Content-Security-Policy refuses inline styles, and css/editor.css carries those rules instead.
function claimTiptapStyleSlot() {
  if (!document.querySelector("style[data-tiptap-style]")) {
    const slot = document.createElement("style");
    slot.setAttribute("data-tiptap-style", "");
    slot.type = "text/x-placeholder";  // never parsed as CSS, so never refused by CSP
    document.head.appendChild(slot);
  }
}

function enhance(textarea) {
  claimTiptapStyleSlot();
  if (textarea.closest(".prose-editor")) { return; }
  const editor = createTextareaEditor(textarea, [
    Document, Paragraph, Text, HardBreak, History, Dropcursor, Gapcursor, Menu,
    Heading.configure({ levels: [2, 3, 4] }), Bold, Italic, Underline, Strike,
    BulletList, OrderedList, ListItem, Blockquote, HorizontalRule,
    Link.configure({ openOnClick: false, enableTarget: false, protocols: ["http", "https", "mailto", "tel"] }),
    Table, TableRow, TableHeader, TableCell,
  ]);
  editor.setOptions({ editorProps: { ...editor.options.editorProps, transformPastedHTML: demoteHeadings } });
  const wrapper = textarea.closest(".prose-editor");
  if (wrapper) {
    // The menu is drawn (and redrawn) by the editor: name its buttons whenever they appear.
    translateMenu(wrapper);
    new MutationObserver(() => translateMenu(wrapper)).observe(wrapper, { childList: true, subtree: true });
    const content = wrapper.querySelector("[contenteditable]");
    if (content) {
      content.setAttribute("role", "textbox");
      content.setAttribute("aria-multiline", "true");
      const label = document.querySelector(`label[for="${textarea.id}"]`);
      if (label) {
        if (!label.id) { label.id = `${textarea.id}-label`; }
        content.setAttribute("aria-labelledby", label.id);
      }
    }
  }
  return editor;
}

document.querySelectorAll("textarea[data-rich-editor]").forEach(enhance);
