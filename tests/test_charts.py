"""The server-drawn SVG charts: bars scale to the largest value, and missing amounts are not 0."""

from api.charts import PLOT_WIDTH, bars


def test_bars_scale_to_the_largest_value_and_skip_missing_ones():
    # Two of VG 2020's printed delregion totals (003): Göteborgsregionen 17 000 000, Fyrbodal 8 450 000.
    rows = [{"label": "Göteborgsregionen", "total": 17_000_000}, {"label": "Fyrbodal", "total": 8_450_000},
            {"label": "Okänt belopp", "total": None}]
    chart = bars(rows, "total")
    assert [bar["label"] for bar in chart["bars"]] == ["Göteborgsregionen", "Fyrbodal"]
    assert chart["bars"][0]["width"] == PLOT_WIDTH
    assert chart["bars"][1]["width"] == round(8_450_000 / 17_000_000 * PLOT_WIDTH, 1)


def test_a_chart_of_nothing_has_no_bars():
    assert bars([], "total")["bars"] == []
