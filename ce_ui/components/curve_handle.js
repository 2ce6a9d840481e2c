// Curve handle: a chart of a loss curve whose point is dragged along the curve (mouse, pen or
// finger) or moved with the keyboard. A plain ES module run by Streamlit's components v2; no
// build step. Python passes `data` (see ce_ui/components/curve_handle.py): the kind of curves,
// the probability, the label, ε, the γ values, translated templates and the exact loss computed
// by ce_core. While the point moves the loss is recomputed here and painted in the same frame as
// the input event (a preview); on release, or after 150 ms at rest, the probability goes to
// Python as the trigger value "change" and the rerun's exact numbers replace the preview.

const PAUSE_MS = 150;
const GRID = 400; // points per drawn curve
const SVG = "http://www.w3.org/2000/svg";
const COLOURS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#7F7F7F"];

// ------------------------------------------------------------------ arithmetic (mirrors ce_core)

/** Binary cross-entropy in nats of the label y (1 or 0) and p, as ce_core.binary_cross_entropy
 * computes it: p clipped into [ε, 1 − ε] first when ε is given, then −log p for y = 1 and
 * −log1p(−p) for y = 0 (log1p keeps every digit of 1 − p near p = 0). */
export function binaryLoss(p, y, eps) {
  if (eps !== null && eps !== undefined) p = Math.min(Math.max(p, eps), 1 - eps);
  return y === 1 ? -Math.log(p) : -Math.log1p(-p);
}

/** Focal loss in nats of a positive example with probability p on it, as ce_core.focal_loss:
 * (1 − p)^γ · (−log p), times α when given; a factor of 0 mutes the term. */
export function focalLoss(p, gamma, alpha) {
  let factor = Math.pow(1 - p, gamma);
  if (alpha !== null && alpha !== undefined) factor *= alpha;
  return factor === 0 ? 0 : factor * -Math.log(p);
}

/** Every curve of `data` as a function of p, in the units of `data.lnBase`. */
export function curveFunctions(data) {
  const ln = data.lnBase;
  if (data.kind === "focal") {
    return data.gammas.map((g) => (p) => focalLoss(p, g, data.alpha) / ln + 0);
  }
  return [1, 0].map((label) => (p) => binaryLoss(p, label, data.eps) / ln + 0);
}

// ------------------------------------------------------------------ numbers as ce_ui.format writes them

/** Four significant digits the way ce_ui.format.sig writes them (ties to even, as Python). */
export function sig(value, digits = 4) {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "∞";
  if (value === -Infinity) return "−∞";
  if (value === 0) return "0";
  const [mantissa, exponentText] = value.toExponential(digits - 1).split("e");
  let figures = mantissa.replace("-", "").replace(".", "");
  let exponent = Number(exponentText);
  const even = tieToEven(Math.abs(value), digits, exponent);
  if (even !== null) [figures, exponent] = even;
  const sign = value < 0 ? "−" : "";
  if (exponent < -4 || exponent >= digits) {
    const text = stripZeros(`${figures[0]}.${figures.slice(1)}`);
    return `${sign}${text}e${exponent < 0 ? "−" : ""}${Math.abs(exponent)}`;
  }
  let text;
  if (exponent >= 0) text = `${figures.slice(0, exponent + 1)}.${figures.slice(exponent + 1)}`;
  else text = `0.${"0".repeat(-exponent - 1)}${figures}`;
  return sign + stripZeros(text);
}

function tieToEven(x, digits, exponent) {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const m = biased === 0 ? fraction : fraction | (1n << 52n);
  const e2 = biased === 0 ? -1074 : biased - 1075;
  for (const e10 of [exponent, exponent - 1]) {
    const k = digits - 1 - e10;
    let numerator = 2n * m;
    let denominator = 1n;
    if (e2 >= 0) numerator <<= BigInt(e2);
    else denominator <<= BigInt(-e2);
    if (k >= 0) numerator *= 10n ** BigInt(k);
    else denominator *= 10n ** BigInt(-k);
    if (numerator % denominator !== 0n) continue;
    const twice = numerator / denominator;
    if (twice % 2n !== 1n) continue;
    const below = (twice - 1n) / 2n;
    if (below < 10n ** BigInt(digits - 1) || below >= 10n ** BigInt(digits)) continue;
    const chosen = below % 2n === 0n ? below : below + 1n;
    const text = chosen.toString();
    return text.length > digits ? [text.slice(0, digits), e10 + 1] : [text, e10];
  }
  return null;
}

function stripZeros(text) {
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}

/** A probability as ce_ui.format.unrounded(p, 0, 1) writes it: 0.99999999 is not shown as 1. */
export function probabilityText(p) {
  for (let digits = 4; digits <= 17; digits++) {
    const text = sig(p, digits);
    if ((text === "0") === (p === 0) && (text === "1") === (p === 1)) return text;
  }
  return sig(p, 17);
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole));
}

// ------------------------------------------------------------------ the widget

const controllers = new WeakMap();

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let controller = controllers.get(parentElement);
  if (!controller) {
    controller = new CurveHandle(parentElement);
    controllers.set(parentElement, controller);
  }
  controller.send = setTriggerValue;
  controller.update(data);
  return () => controller.stopTimer();
}

class CurveHandle {
  constructor(parent) {
    this.root = el("div", "ce-curve");
    this.root.ceHandle = this; // for tests and benchmarks: root.ceHandle.preview(p)
    parent.appendChild(this.root);
    this.plot = el("div", "ce-curve-plot");
    this.svg = document.createElementNS(SVG, "svg");
    this.svg.setAttribute("aria-hidden", "true");
    this.handle = el("div", "ce-curve-handle");
    this.handle.setAttribute("role", "slider");
    this.handle.tabIndex = 0;
    this.handle.setAttribute("aria-valuemin", "0");
    this.handle.setAttribute("aria-valuemax", "1");
    this.plot.append(this.svg, this.handle);
    this.legend = el("div", "ce-curve-legend");
    this.readout = el("div", "ce-curve-readout");
    this.readout.setAttribute("aria-live", "polite");
    this.root.append(this.plot, this.legend, this.readout);
    this.dragging = null;
    this.dirty = false;
    this.timer = null;
    this.seq = 0;
    for (const type of ["keydown", "keyup", "keypress"]) {
      this.root.addEventListener(type, (event) => event.stopPropagation());
    }
    this.plot.addEventListener("pointerdown", (event) => this.down(event));
    this.plot.addEventListener("pointermove", (event) => this.move(event));
    for (const type of ["pointerup", "pointercancel", "lostpointercapture"]) {
      this.plot.addEventListener(type, (event) => this.up(event));
    }
    this.handle.addEventListener("keydown", (event) => this.key(event));
    this.width = 0;
    new ResizeObserver(() => {
      const width = Math.round(this.plot.clientWidth);
      if (width > 0 && width !== this.width && this.data) {
        this.width = width;
        this.draw();
        this.paint(this.source || "exact");
      }
    }).observe(this.plot);
  }

  update(data) {
    const shape = JSON.stringify([data.kind, data.y, data.eps, data.gammas, data.active, data.alpha,
      data.lnBase, data.top, data.presenter, data.text]);
    this.data = data;
    this.curves = curveFunctions(data);
    this.root.classList.toggle("presenter", Boolean(data.presenter));
    this.handle.setAttribute("aria-label", data.text.group);
    if (shape !== this.shape) {
      this.shape = shape;
      this.width = Math.round(this.plot.clientWidth) || 600;
      this.draw();
    }
    const stale = data.seq !== null && data.seq !== undefined && data.seq < this.seq;
    if (this.dragging || this.dirty || stale) {
      this.paint("preview");
      return;
    }
    this.value = data.value;
    this.paint("exact");
  }

  // -------------------------------------------------------------- geometry

  get height() {
    return this.data.presenter ? 300 : 250;
  }

  box() {
    const left = this.data.presenter ? 64 : 48;
    const bottom = this.data.presenter ? 50 : 38;
    return { left, right: 14, top: 12, bottom, width: this.width, height: this.height };
  }

  xPx(p) {
    const b = this.box();
    return b.left + p * (b.width - b.left - b.right);
  }

  yPx(v) {
    const b = this.box();
    const clamped = Math.min(this.data.top, Math.max(0, v));
    return b.top + (1 - clamped / this.data.top) * (b.height - b.top - b.bottom);
  }

  pAt(clientX) {
    const b = this.box();
    const rect = this.plot.getBoundingClientRect();
    const p = (clientX - rect.left - b.left) / (b.width - b.left - b.right);
    return this.tidy(p);
  }

  /** A probability from the pointer or the keys: on the 0.001 grid, inside [0.001, 0.999]. */
  tidy(p) {
    const [low, high] = this.data.range;
    const stepped = Math.round(p / this.data.step) * this.data.step;
    return Math.min(high, Math.max(low, Number(stepped.toFixed(6))));
  }

  // -------------------------------------------------------------- drawing

  draw() {
    const b = this.box();
    const svg = this.svg;
    svg.replaceChildren();
    svg.setAttribute("width", String(b.width));
    svg.setAttribute("height", String(b.height));
    svg.setAttribute("viewBox", `0 0 ${b.width} ${b.height}`);
    this.plot.style.height = `${b.height}px`;
    const x0 = b.left, x1 = b.width - b.right, y0 = b.height - b.bottom, y1 = b.top;
    const clip = node("clipPath", { id: `ce-clip-${Math.random().toString(36).slice(2)}` });
    clip.append(node("rect", { x: x0, y: y1, width: x1 - x0, height: y0 - y1 }));
    svg.append(clip);
    const grid = node("g", { class: "ce-curve-grid" });
    for (let i = 0; i <= 10; i += 2) {
      const x = this.xPx(i / 10);
      grid.append(node("line", { x1: x, x2: x, y1: y0, y2: y1 }));
      grid.append(text(x, y0 + 16, String(i / 10), "middle", "ce-curve-tick"));
    }
    const top = this.data.top;
    const step = niceStep(top);
    for (let v = 0; v <= top + 1e-9; v += step) {
      const y = this.yPx(v);
      grid.append(node("line", { x1: x0, x2: x1, y1: y, y2: y }));
      grid.append(text(x0 - 6, y + 4, sig(Number(v.toPrecision(6))), "end", "ce-curve-tick"));
    }
    svg.append(grid);
    svg.append(node("line", { x1: x0, x2: x1, y1: y0, y2: y0, class: "ce-curve-axis" }));
    svg.append(node("line", { x1: x0, x2: x0, y1: y0, y2: y1, class: "ce-curve-axis" }));
    svg.append(text((x0 + x1) / 2, b.height - 4, this.data.text.x_title, "middle", "ce-curve-title"));
    const yTitle = text(12, (y0 + y1) / 2, this.data.text.y_title, "middle", "ce-curve-title");
    yTitle.setAttribute("transform", `rotate(-90 12 ${(y0 + y1) / 2})`);
    svg.append(yTitle);
    const lines = node("g", { "clip-path": `url(#${clip.id})` });
    this.legend.replaceChildren();
    this.curves.forEach((f, i) => {
      const points = [];
      for (let k = 0; k <= GRID; k++) {
        const p = Math.min(1 - 1e-6, Math.max(1e-6, k / GRID));
        const v = f(p);
        points.push(`${this.xPx(p).toFixed(1)},${(Number.isFinite(v) ? this.yPx(v * 1.0) : y1).toFixed(1)}`);
      }
      const active = i === this.data.active;
      const colour = COLOURS[i % COLOURS.length];
      lines.append(node("polyline", {
        points: points.join(" "), fill: "none", stroke: colour,
        "stroke-width": active ? 3.5 : 1.5, "stroke-opacity": active ? 1 : 0.55,
        class: active ? "ce-curve-line active" : "ce-curve-line",
      }));
      const entry = el("span", active ? "ce-curve-key active" : "ce-curve-key");
      const swatch = el("span", "ce-curve-swatch");
      swatch.style.background = colour;
      entry.append(swatch, document.createTextNode(this.data.text.names[i]));
      this.legend.append(entry);
    });
    svg.append(lines);
    this.guide = node("line", { class: "ce-curve-guide" });
    svg.append(this.guide);
  }

  loss(p) {
    return this.curves[this.data.active](p);
  }

  paint(source) {
    const p = this.value;
    const x = this.xPx(p);
    const loss = this.loss(p);
    const y = this.yPx(loss);
    this.handle.style.left = `${x}px`;
    this.handle.style.top = `${y}px`;
    this.handle.classList.toggle("pinned", loss > this.data.top);
    const b = this.box();
    for (const [name, v] of Object.entries({ x1: x, x2: x, y1: b.height - b.bottom, y2: y })) {
      this.guide.setAttribute(name, String(v));
    }
    const exact = source === "exact";
    const pText = exact ? this.data.pText : probabilityText(p);
    const lossText = exact && this.data.exact !== null ? this.data.exact : sig(loss);
    const { text, unit, showLoss } = this.data;
    const values = { p: pText, value: lossText, unit, gamma: this.data.gammaText };
    this.source = source;
    this.readout.dataset.source = source;
    this.readout.textContent = fill(showLoss ? text.readout : text.readout_hidden, values);
    this.handle.setAttribute("aria-valuenow", String(p));
    this.handle.setAttribute("aria-valuetext", fill(showLoss ? text.valuetext : text.valuetext_hidden, values));
  }

  // -------------------------------------------------------------- input

  down(event) {
    if (event.button !== 0 || this.dragging) return;
    event.preventDefault();
    this.plot.setPointerCapture(event.pointerId);
    this.dragging = { pointerId: event.pointerId };
    this.readout.setAttribute("aria-busy", "true");
    this.handle.focus({ preventScroll: true });
    this.set(this.pAt(event.clientX));
  }

  move(event) {
    if (!this.dragging || this.dragging.pointerId !== event.pointerId) return;
    this.set(this.pAt(event.clientX));
  }

  up(event) {
    if (!this.dragging || this.dragging.pointerId !== event.pointerId) return;
    this.dragging = null;
    this.readout.setAttribute("aria-busy", "false");
    this.commit();
  }

  key(event) {
    const p = this.value;
    const small = this.data.keyStep, large = this.data.pageStep;
    const [low, high] = this.data.range;
    const keys = {
      ArrowUp: p + small, ArrowRight: p + small, ArrowDown: p - small, ArrowLeft: p - small,
      PageUp: p + large, PageDown: p - large, Home: low, End: high,
    };
    if (!(event.key in keys)) return;
    event.preventDefault();
    this.set(this.tidy(keys[event.key]));
    this.commit();
  }

  /** Move the point to p and paint the preview now, in this input event's frame. */
  set(p) {
    this.value = p;
    this.dirty = true;
    this.paint("preview");
    this.stopTimer();
    if (this.dragging) this.timer = setTimeout(() => this.commit(), PAUSE_MS);
  }

  commit() {
    this.stopTimer();
    if (!this.dirty) return;
    this.dirty = false;
    this.seq += 1;
    this.send("change", { value: this.value, seq: this.seq });
  }

  stopTimer() {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** For tests: the preview of an arbitrary p, exactly as a drag to it would paint it. */
  preview(p) {
    this.value = p;
    this.paint("preview");
    return { loss: sig(this.loss(p)), readout: this.readout.textContent };
  }

  format(value) {
    return sig(value);
  }
}

function niceStep(top) {
  const raw = top / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= raw) return m * power;
  return 10 * power;
}

function el(tag, className) {
  const element = document.createElement(tag);
  element.className = className;
  return element;
}

function node(tag, attributes = {}) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}

function text(x, y, content, anchor, className) {
  const element = node("text", { x, y, "text-anchor": anchor, class: className });
  element.textContent = content;
  return element;
}
