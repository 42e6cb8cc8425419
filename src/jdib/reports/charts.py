"""Charts for the reports: matplotlib figures with a title, labelled axes, a source
line and alt text, shown in a notebook with the data behind them.

Japanese labels render with the IPAex font that matplotlib-fontja ships through
PyPI, so a machine without system CJK fonts still draws real glyphs.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

import pandas as pd


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib_fontja  # noqa: F401  (registers the Japanese font)

    plt.rcParams.update({"figure.dpi": 100, "savefig.dpi": 150, "axes.spines.top": False,
                         "axes.spines.right": False, "svg.hashsalt": "jdib"})
    return plt


@dataclass
class Chart:
    """A figure ready to show: PNG with alt text, plus the table it plots.

    Attributes:
        title: The chart's title (also its plain-text form, which regression
            checks compare).
        alt: A sentence describing what the chart shows, for screen readers.
        png: The rendered image.
        data: The rows the chart plots.
    """

    title: str
    alt: str
    png: bytes
    data: pd.DataFrame

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"image/png": base64.b64encode(self.png).decode("ascii"),
                "text/plain": f"[chart] {self.title}"}
        return data, {"image/png": {"alt": self.alt}}


def render(fig, title: str, alt: str, data: pd.DataFrame, source: str) -> Chart:
    """Finish a figure (title, source line) and turn it into a :class:`Chart`."""
    plt = _pyplot()
    fig.suptitle(title, fontsize=13, x=0.01, ha="left")
    fig.text(0.01, 0.005, source, fontsize=7.5, color="#555555", ha="left", va="bottom", wrap=True)
    fig.tight_layout(rect=(0, 0.05, 1, 0.95))
    buf = io.BytesIO()
    # "tight" grows the image to every label, so a long tick label is never cut.
    fig.savefig(buf, format="png", metadata={"Software": None}, bbox_inches="tight", pad_inches=0.15)
    plt.close(fig)
    return Chart(title, alt, buf.getvalue(), data.reset_index(drop=True))


def figure(width: float = 9.0, height: float = 4.5):
    """A new figure and axes with the report style."""
    return _pyplot().subplots(figsize=(width, height))


def barh(data: pd.DataFrame, label: str, value: str, *, title: str, xlabel: str, alt: str,
         source: str, stacked_by: str | None = None) -> Chart:
    """Horizontal bars, one per row of ``data`` (or stacked by a column)."""
    fig, ax = figure(9, max(2.5, 0.45 * data[label].nunique() + 1.5))
    if stacked_by:
        pivot = data.pivot_table(index=label, columns=stacked_by, values=value,
                                 aggfunc="sum", fill_value=0, sort=False)
        left = pd.Series(0.0, index=pivot.index)
        for col in pivot.columns:
            ax.barh(pivot.index, pivot[col], left=left, label=str(col))
            left += pivot[col]
        ax.legend(fontsize=8, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    else:
        ax.barh(data[label], data[value], color="#2f5d8a")
        for y, v in enumerate(data[value]):
            ax.text(v, y, f" {v:g}", va="center", fontsize=9)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    return render(fig, title, alt, data, source)
