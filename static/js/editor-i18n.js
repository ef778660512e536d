/* Chinese for django-prose-editor's dialogs. It reads window.gettext once, when its module is first
   evaluated, so this module is imported before it (see editor.js). */
const catalogue = {
  "Update": "确定", "Cancel": "取消", "Insert": "插入", "URL": "网址", "Title": "标题", "Edit Link": "编辑链接",
  "Open in new window": "在新窗口打开", "Insert Table": "插入表格", "Table Properties": "表格属性",
  "Rows": "行数", "Columns": "列数", "Include header row": "包含表头行", "List properties": "列表属性",
  "List type": "编号方式", "Start at": "起始编号", "Decimal numbers": "阿拉伯数字", "Bullets": "圆点",
  "Lowercase letters": "小写字母", "Uppercase letters": "大写字母", "Lowercase Roman numerals": "小写罗马数字",
  "Uppercase Roman numerals": "大写罗马数字", "Toggle fullscreen": "全屏编辑", "Edit HTML": "编辑 HTML",
  "Yes": "是", "No": "否",
};
const previous = window.gettext;
window.gettext = (text) => catalogue[text] || (previous ? previous(text) : text);
export default catalogue;
