"""Home page: what cross-entropy is, and a card for each page of the playground."""

import streamlit as st

import ce_core as cc
from ce_ui.format import sig
from ce_ui.frame import PAGES, frame
from ce_ui.i18n import t

page = frame("home")

st.title(t("home.title"))
st.markdown(t("home.intro"))
st.latex(r"L(y, \hat y) = -\sum_{c=1}^{C} y_c \,\log \hat y_c")
st.markdown(t("home.intro_after_formula"))

st.subheader(t("home.pages_heading"))
cards = [info for info in PAGES if info.id != "home"]
shared = page.shared_query()
card_numbers = {  # in nats, as the cards say: what 0.9 and 0.1 on the true class cost
    "curves": {
        "cost_high": sig(float(cc.categorical_cross_entropy(0, [0.9, 0.1]))),
        "cost_low": sig(float(cc.categorical_cross_entropy(0, [0.1, 0.9]))),
    }
}
columns = [column for _ in range(0, len(cards), 2) for column in st.columns(2)]  # two a row
for number, (column, info) in enumerate(zip(columns, cards, strict=False), start=1):
    card = column.container(border=True, height="stretch")
    card.markdown(f"#### {t('nav.numbered', n=number, page=t(f'nav.{info.id}'))}")
    card.markdown(t(f"home.card_{info.id}", **card_numbers.get(info.id, {})))
    card.page_link(
        info.path,
        label=t("home.open_page", page=t(f"nav.{info.id}")),
        icon=info.icon,
        query_params=shared,
    )

page.publish()
