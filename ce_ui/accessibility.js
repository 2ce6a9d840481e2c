// Page-wide accessibility fixes Streamlit does not make itself (issue 18). Static code: the only
// values filled in (by ce_ui/accessibility.py, as JSON) are the page's language code,
// one of the app's four, and the translated name of a formula region.
(() => {
  const settings = __CE_SETTINGS__;
  const root = document.documentElement;
  if (settings.lang) root.lang = settings.lang; // the html element's lang follows the chosen language
  window.ceFormulaLabel = settings.formula || "formula";
  if (window.ceAccessibility) return; // one observer per browser tab, across reruns
  window.ceAccessibility = true;
  const SLACK = 4; // px: KaTeX often overflows by a pixel or two, which is no reason to scroll

  function fixFormula(display) {
    if (display.scrollWidth > display.clientWidth + SLACK) {
      // A formula wider than its column scrolls: keyboard users must be able to scroll it too.
      display.style.overflow = "";
      display.tabIndex = 0;
      display.setAttribute("role", "region");
      display.setAttribute("aria-label", window.ceFormulaLabel);
    } else {
      display.style.overflow = "visible"; // both: visible beside hidden would compute to auto
      display.removeAttribute("tabindex");
      display.removeAttribute("role");
      display.removeAttribute("aria-label");
    }
  }

  let pending = false;
  function sweep() {
    pending = false;
    document.querySelectorAll(".katex-display").forEach(fixFormula);
  }
  const schedule = () => {
    if (!pending) {
      pending = true;
      requestAnimationFrame(sweep);
    }
  };
  new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
  window.addEventListener("resize", schedule);
  schedule();
})();
