() => {
  // Text that does not fit its box: a headline number, a button, a widget label or a metric label.
  const selectors = [
    '[data-testid="stMetricValue"]', '[data-testid="stMetricLabel"]',
    'button', '[data-testid="stWidgetLabel"]', '[data-testid="stPageLink"] a',
  ];
  const cut = [];
  for (const selector of selectors) {
    for (const element of document.querySelectorAll(selector)) {
      if (!element.offsetParent || element.closest('[data-testid="stSidebar"]')) continue;
      const text = element.innerText.trim();
      if (!text) continue;
      const boxes = [element, ...element.querySelectorAll('*')];
      for (const box of boxes) {
        const style = getComputedStyle(box);
        const overflow = box.scrollWidth > box.clientWidth + 1 &&
          style.overflow !== 'visible' && style.overflowX !== 'visible';
        const ellipsis = style.textOverflow === 'ellipsis' && box.scrollWidth > box.clientWidth + 1;
        if (overflow || ellipsis) { cut.push(`${selector}: ${text.slice(0, 60)}`); break; }
      }
    }
  }
  return cut;
}
