from gongkai.core.charts import Chart, Series, nice_max, render_svg


def test_labels_are_escaped_and_numbers_are_in_the_table():
    chart = Chart(title="按月<script>", labels=["1月", "<b>2月</b>"], series=[Series("收到", [3, 12]), Series("逾期", [0, None])])
    svg = str(render_svg(chart))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "<b>" not in svg and "&lt;b&gt;2月" in svg
    assert chart.rows == [("1月", ["3", "0"]), ("<b>2月</b>", ["12", "—"])]
    assert svg.count("<rect") >= 3  # three bars (None draws none) plus the legend


def test_percent_axis_tops_at_100_and_bounds_are_round():
    chart = Chart(title="按期率", labels=["A"], series=[Series("按期率", [87.5])], percent=True, kind="line")
    assert chart.rows == [("A", ["87.5%"])]
    assert ">100%<" in str(chart.svg)
    assert [nice_max(v) for v in (0, 0.3, 7, 12, 230, 1000)] == [1.0, 0.5, 10.0, 20.0, 250.0, 1000.0]
