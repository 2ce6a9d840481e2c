// Page-wide accessibility fixes Streamlit does not make itself (issue 18). Static code: the only
// values filled in (by ce_ui/accessibility.py, as JSON) are the page's language code,
// one of the app's four, and the translated names of a formula region and an animation slider.
(() => {
  const settings = __CE_SETTINGS__;
  const root = document.documentElement;
  if (settings.lang) root.lang = settings.lang; // the html element's lang follows the chosen language
  window.ceFormulaLabel = settings.formula || "formula";
  window.ceSliderLabel = settings.slider || "animation";
  if (window.ceAccessibility) return; // one observer per browser tab, across reruns
  window.ceAccessibility = true;
  const STEP_INSET = 10; // px: plotly.js's sliders/constants.js stepInset
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

  // Plotly draws an animation's Play, Pause and speed menu as SVG groups that only a mouse can
  // press: each becomes a button that Tab reaches and Enter or Space presses.
  function fixPlotlyButton(button) {
    const text = button.querySelector("text");
    if (text) button.setAttribute("aria-label", text.textContent.trim());
    if (button.hasAttribute("tabindex")) return;
    button.setAttribute("tabindex", "0");
    button.setAttribute("role", "button");
    button.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      button.dispatchEvent(new MouseEvent("click", { bubbles: true }));
    });
  }

  // An animation's slider (Plotly's, over the steps or over γ) becomes a WAI-ARIA slider: the
  // arrow keys, Home, End and Page Up/Down press the rail where the chosen step is.
  function sliderOptions(container) {
    const chart = container.closest(".js-plotly-plot");
    const index = [...chart.querySelectorAll(".slider-container")].indexOf(container);
    return chart._fullLayout && chart._fullLayout.sliders[index];
  }

  function describeSlider(container) {
    const options = sliderOptions(container);
    if (!options) return;
    const active = options.active || 0;
    const step = options.steps[active];
    const prefix = (options.currentvalue && options.currentvalue.prefix) || "";
    container.setAttribute("aria-label", prefix.replace(/[:=\s]+$/, "") || window.ceSliderLabel);
    container.setAttribute("aria-valuemin", "0");
    container.setAttribute("aria-valuemax", String(options.steps.length - 1));
    container.setAttribute("aria-valuenow", String(active));
    container.setAttribute("aria-valuetext", step ? String(step.label) : String(active));
  }

  function moveSlider(container, event) {
    const options = sliderOptions(container);
    if (!options) return;
    const last = options.steps.length - 1;
    const page = Math.max(1, Math.round(last / 10));
    const moves = {
      ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1, PageUp: page, PageDown: -page,
    };
    let target = options.active || 0;
    if (event.key in moves) target += moves[event.key];
    else if (event.key === "Home") target = 0;
    else if (event.key === "End") target = last;
    else return;
    event.preventDefault();
    target = Math.min(last, Math.max(0, target));
    const rail = container.querySelector(".slider-rail-touch-rect");
    if (!rail || last === 0 || target === (options.active || 0)) return;
    // Plotly maps a press on the rail to the nearest step, the steps spread evenly between
    // STEP_INSET pixels from either end.
    const box = rail.getBoundingClientRect();
    const along = STEP_INSET + (target / last) * (box.width - 2 * STEP_INSET);
    const at = { bubbles: true, clientX: box.left + along, clientY: box.top + box.height / 2 };
    rail.dispatchEvent(new MouseEvent("mousedown", at));
    container.closest(".js-plotly-plot").dispatchEvent(new MouseEvent("mouseup", at));
    describeSlider(container);
  }

  function fixPlotlySlider(container) {
    describeSlider(container);
    if (container.hasAttribute("tabindex")) return;
    container.setAttribute("tabindex", "0");
    container.setAttribute("role", "slider");
    container.addEventListener("keydown", (event) => moveSlider(container, event));
    container.addEventListener("focus", () => describeSlider(container));
  }

  let pending = false;
  function sweep() {
    pending = false;
    document.querySelectorAll(".katex-display").forEach(fixFormula);
    const menus = ".updatemenu-button, .updatemenu-header, .updatemenu-dropdown-button";
    document.querySelectorAll(menus).forEach(fixPlotlyButton);
    document.querySelectorAll(".js-plotly-plot .slider-container").forEach(fixPlotlySlider);
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
