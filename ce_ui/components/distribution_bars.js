// Distribution bars: a prediction drawn as bars whose tops are dragged (mouse, pen or finger) or
// moved with the keyboard. A plain ES module run by Streamlit's components v2; no build step.
//
// Python passes `data` (see ce_ui/components/bars.py): the mode, the values, the target, the
// units, translated label templates and the exact readout computed by ce_core. While the user
// drags, the loss is recomputed here and painted in the same frame as the input event (a preview);
// on release, or after a short pause, the values go to Python as the trigger value "change" and
// the rerun's exact numbers replace the preview.

const PAUSE_MS = 150; // a drag that rests this long sends its values without waiting for release
const MAX_LOGIT = 1e4;
let labelCount = 0; // ids for the labels that name the bars (several widgets share a page)

// ------------------------------------------------------------------ arithmetic (mirrors ce_core)

/** The logits shifted by their maximum, divided by T, and log Σ exp of them, as ce_core computes
 * them: the maximal entry's term is exactly 1, so log Σ exp = log1p(s) with s the sum of the
 * others' terms. log1p keeps every digit of a loss near 0 (a confident right answer), where
 * log(1 + s) would round 1 + s first. */
export function shiftedLogSumExp(values, temperature) {
  let top = 0;
  for (let c = 1; c < values.length; c++) if (values[c] > values[top]) top = c;
  const m = values[top];
  const d = values.map((v) => (v - m) / temperature);
  let s = 0;
  for (let c = 0; c < d.length; c++) if (c !== top) s += Math.exp(d[c]);
  return { d, lse: Math.log1p(s) };
}

export function softmax(z) {
  let m = -Infinity;
  for (const v of z) if (v > m) m = v;
  const e = z.map((v) => Math.exp(v - m));
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / total);
}

/** The target as a vector of weights (a class index becomes one-hot). */
function targetVector(target, n) {
  if (Array.isArray(target)) return target;
  return Array.from({ length: n }, (_, c) => (c === target ? 1 : 0));
}

/**
 * The loss and every class's term, in nats divided by `lnBase`:
 * - probabilities: −Σ y_c ln p_c, with 0·ln 0 = 0;
 * - logits: log1p(s) − d_y for a class index (d = (z − max z)/T), Σ y_c (log1p(s) − d_c) for a
 *   distribution;
 * - independent: the mean over labels of −[y ln p + (1 − y) ln(1 − p)], ln(1 − p) by log1p.
 */
export function scores(mode, values, target, temperature, lnBase) {
  const n = values.length;
  const y = targetVector(target, n);
  const terms = new Array(n).fill(0);
  let loss = 0;
  if (mode === "independent") {
    for (let c = 0; c < n; c++) {
      const p = values[c];
      const pos = y[c] === 0 ? 0 : -y[c] * Math.log(p);
      const neg = 1 - y[c] === 0 ? 0 : -(1 - y[c]) * Math.log1p(-p);
      terms[c] = pos + neg;
      loss += terms[c];
    }
    loss /= n;
  } else if (mode === "logits") {
    const { d, lse } = shiftedLogSumExp(values, temperature);
    for (let c = 0; c < n; c++) if (y[c] !== 0) terms[c] = y[c] * (lse - d[c]);
    if (Array.isArray(target)) {
      for (let c = 0; c < n; c++) loss += terms[c];
    } else {
      loss = lse - d[target];
    }
  } else {
    const total = values.reduce((a, b) => a + b, 0);
    const p = Math.abs(total - 1) > 1e-6 ? values.map((v) => v / total) : values;
    for (let c = 0; c < n; c++) if (y[c] !== 0) terms[c] = -y[c] * Math.log(p[c]);
    for (let c = 0; c < n; c++) loss += terms[c];
  }
  return { loss: loss / lnBase + 0, terms: terms.map((v) => v / lnBase + 0) };
}

/** Σ a as NumPy's `a.sum()` adds a short 1-D float64 array (so that a sum whose terms cancel
 * rounds the same way): fewer than 8 entries in a plain loop, otherwise eight running sums
 * combined as a tree, then the entries left over (NumPy's pairwise sum, up to 128 entries). */
export function numpySum(a) {
  const n = a.length;
  let res = -0;
  if (n < 8) {
    for (let i = 0; i < n; i++) res += a[i];
    return res;
  }
  const r = a.slice(0, 8);
  let i = 8;
  for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += a[i + j];
  res = r[0] + r[1] + (r[2] + r[3]) + (r[4] + r[5] + (r[6] + r[7]));
  for (; i < n; i++) res += a[i];
  return res;
}

/** −coef · log q with 0 · log 0 = 0 (ce_core's neg_xlogy). */
function negXlogy(coef, logQ) {
  return coef === 0 ? -0 : -(logQ * coef);
}

/** log(p / q) as ce_core's _log_ratio: log1p((p − q)/q) where p and q are within a factor 2
 * (p − q is then exact), log p − log q elsewhere. */
function logRatio(p, q) {
  if (q > 0 && p >= 0.5 * q && p <= 2 * q) return Math.log1p((p - q) / q);
  return Math.log(p) - Math.log(q);
}

/** H(p), H(p, q) and KL(p‖q) in nats divided by `lnBase`, as ce_core computes them; the bars'
 * `values` are p (`role` "p") or q, rescaled to sum 1 if they are off it, `other` the other. */
export function entropyScores(values, other, role, lnBase) {
  const total = values.reduce((a, b) => a + b, 0);
  const own = Math.abs(total - 1) > 1e-6 ? values.map((v) => v / total) : values;
  const [p, q] = role === "q" ? [other, own] : [own, other];
  const entropy = numpySum(p.map((v) => negXlogy(v, Math.log(v))));
  const cross = numpySum(p.map((v, c) => negXlogy(v, Math.log(q[c]))));
  const kl = Math.max(numpySum(p.map((v, c) => negXlogy(v, -logRatio(v, q[c])))), 0);
  return [entropy, cross, kl].map((v) => v / lnBase + 0);
}

/** Four significant digits the way ce_ui.format.sig writes them: 2.303, 1.054e-6, ∞, −0.5.
 * Python rounds an exact tie (1.0625 → 1.062) to even, toExponential away from zero: ties are
 * found exactly (with BigInt) and rounded to even. */
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
  if (exponent >= 0) {
    text = `${figures.slice(0, exponent + 1)}.${figures.slice(exponent + 1)}`;
  } else {
    text = `0.${"0".repeat(-exponent - 1)}${figures}`;
  }
  return sign + stripZeros(text);
}

/** When x lies exactly halfway between two numbers of `digits` significant digits, the digits
 * and exponent of the even one; otherwise null. `exponent` is x's decimal exponent after
 * rounding away from zero (the rounding may have carried into a new digit). */
function tieToEven(x, digits, exponent) {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const m = biased === 0 ? fraction : fraction | (1n << 52n);
  const e2 = biased === 0 ? -1074 : biased - 1075;
  for (const e10 of [exponent, exponent - 1]) {
    // 2·x·10^k, with k so that x·10^k has `digits` digits before the point
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

/** A template "{value} {unit}" filled in from `values`. */
function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole));
}

// ------------------------------------------------------------------ moving one bar

/** The values after class `c` is set to `v`: in the probabilities mode the others rescale in
 * proportion so that the sum stays 1 (shared equally when they were all 0). */
export function moved(mode, values, c, v, range) {
  const next = values.slice();
  v = Math.min(range[1], Math.max(range[0], v));
  if (mode !== "probabilities") {
    next[c] = v;
    return next;
  }
  const rest = 1 - v;
  const restBefore = values.reduce((a, b, j) => (j === c ? a : a + b), 0);
  for (let j = 0; j < next.length; j++) {
    if (j === c) continue;
    next[j] = restBefore > 0 ? (values[j] * rest) / restBefore : rest / (next.length - 1);
  }
  next[c] = v;
  return next;
}

function logitRange(values) {
  const largest = Math.max(...values.map(Math.abs));
  const limit = Math.min(MAX_LOGIT, Math.max(5, Math.ceil(largest * 1.25)));
  return [-limit, limit];
}

// ------------------------------------------------------------------ the widget

const controllers = new WeakMap(); // parentElement → the widget drawn in it (kept across reruns)

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let controller = controllers.get(parentElement);
  if (!controller) {
    controller = new Bars(parentElement);
    controllers.set(parentElement, controller);
  }
  controller.send = setTriggerValue;
  controller.update(data);
  return () => controller.stopTimer();
}

class Bars {
  constructor(parent) {
    this.root = document.createElement("div");
    this.root.className = "ce-bars";
    this.root.setAttribute("role", "group");
    this.root.ceBars = this; // for tests and benchmarks: root.ceBars.preview(values)
    parent.appendChild(this.root);
    this.plot = el("div", "ce-plot");
    this.axis = el("div", "ce-axis");
    this.softmaxCaption = el("div", "ce-softmax-caption");
    this.softmaxRow = el("div", "ce-softmax");
    this.readout = el("div", "ce-readout");
    this.readout.setAttribute("aria-live", "polite");
    this.lossText = el("span", "ce-loss");
    this.termText = el("span", "ce-term");
    this.klText = el("span", "ce-kl"); // the entropy readout's third number
    this.readout.append(this.lossText, this.termText, this.klText);
    // Many bars scroll sideways (each keeps a 44 px target); the readout stays in view.
    const scroller = el("div", "ce-scroll");
    scroller.append(this.plot, this.axis, this.softmaxCaption, this.softmaxRow);
    this.gradientCaption = el("div", "ce-gradient-caption");
    this.gradientRow = el("div", "ce-gradient");
    scroller.append(this.gradientCaption, this.gradientRow);
    this.root.append(scroller, this.readout);
    this.columns = [];
    this.dragging = null; // {c, pointerId}
    this.dirty = false; // moved since the values were last sent
    this.timer = null;
    this.active = 0;
    // Keys pressed in the widget are its own: Streamlit's page shortcuts (r, c, …) must not fire.
    for (const type of ["keydown", "keyup", "keypress"]) {
      this.root.addEventListener(type, (event) => event.stopPropagation());
    }
  }

  update(data) {
    const fresh = !this.data || this.data.mode !== data.mode || this.data.values.length !== data.values.length;
    this.data = data;
    this.root.classList.toggle("presenter", Boolean(data.presenter));
    this.root.classList.toggle("role-p", data.readout === "entropy" && data.role === "p");
    this.root.setAttribute("aria-label", data.text.group);
    if (fresh) this.build();
    // A rerun answering an older send (the user has moved on since) must not move the bars back.
    const stale = data.seq !== null && data.seq !== undefined && data.seq < (this.seq || 0);
    if (this.dragging || this.dirty || stale) {
      this.paint("preview");
      return;
    }
    this.values = data.values.slice();
    if (!Array.isArray(data.target) && !this.touched) this.active = data.target;
    this.range = data.mode === "logits" ? logitRange(this.values) : [0, 1];
    this.paint("exact");
  }

  build() {
    this.plot.replaceChildren();
    this.axis.replaceChildren();
    this.softmaxRow.replaceChildren();
    this.columns = this.data.values.map((_, c) => {
      const column = el("div", "ce-column");
      const bar = el("div", "ce-bar");
      const handle = el("div", "ce-handle");
      const value = el("div", "ce-value");
      handle.setAttribute("role", "slider");
      handle.tabIndex = 0;
      handle.dataset.index = String(c);
      column.append(bar, handle, value);
      column.addEventListener("pointerdown", (event) => this.down(event, c, column));
      column.addEventListener("pointermove", (event) => this.move(event, c, column));
      column.addEventListener("pointerup", (event) => this.up(event, c));
      column.addEventListener("pointercancel", (event) => this.up(event, c));
      column.addEventListener("lostpointercapture", (event) => this.up(event, c));
      handle.addEventListener("keydown", (event) => this.key(event, c));
      handle.addEventListener("focus", () => {
        this.active = c;
        this.paintReadout(this.source || "exact");
      });
      this.plot.appendChild(column);
      const label = el("div", "ce-label");
      label.textContent = this.data.classNames[c];
      // The bar's accessible name is the label under it, as a sighted user reads it.
      label.id = `ce-bar-label-${++labelCount}`;
      handle.setAttribute("aria-labelledby", label.id);
      this.axis.appendChild(label);
      const share = el("div", "ce-share");
      this.softmaxRow.appendChild(share);
      return { column, bar, handle, value, share, label };
    });
    this.plot.classList.toggle("logits", this.data.mode === "logits");
    this.softmaxRow.hidden = this.softmaxCaption.hidden = this.data.mode !== "logits";
    this.buildGradient();
  }

  // -------------------------------------------------------------- the gradient readout (optional)
  // With `data.gradient` (logits only: {caption, exact}), one cell per bar shows ∂L/∂z_c =
  // softmax(z / T)_c − y_c (divided by T, in nats), the direction descent moves that logit
  // (↑ for a negative gradient) and its size: recomputed with the preview, exact after a rerun.

  buildGradient() {
    this.gradientRow.replaceChildren();
    const shown = Boolean(this.data.gradient) && this.data.mode === "logits";
    this.gradientRow.hidden = this.gradientCaption.hidden = !shown;
    this.gradientCells = shown ? this.data.values.map(() => el("div", "ce-grad")) : [];
    this.gradientRow.append(...this.gradientCells);
  }

  paintGradient(source, shares) {
    if (!this.gradientCells.length) return;
    const { gradient, temperature } = this.data;
    this.gradientCaption.textContent = gradient.caption;
    this.gradientCells.forEach((cell, c) => {
      const value = (shares[c] - this.targetWeight(c)) / temperature;
      const text = source === "exact" ? gradient.exact[c] : sig(value + 0);
      cell.textContent = `${value < 0 ? "↑" : value > 0 ? "↓" : "·"} ${text}`;
      cell.classList.toggle("up", value < 0);
      cell.dataset.value = text;
    });
  }

  // -------------------------------------------------------------- input

  valueAt(event, column) {
    const box = column.getBoundingClientRect();
    const fraction = 1 - (event.clientY - box.top) / box.height;
    const [low, high] = this.range;
    return low + Math.min(1, Math.max(0, fraction)) * (high - low);
  }

  down(event, c, column) {
    if (event.button !== 0 || this.dragging) return;
    event.preventDefault();
    column.setPointerCapture(event.pointerId);
    this.dragging = { c, pointerId: event.pointerId };
    // Screen readers hear the readout once the drag ends, not at every frame of it.
    this.readout.setAttribute("aria-busy", "true");
    this.columns[c].handle.focus({ preventScroll: true });
    this.set(c, this.valueAt(event, column));
  }

  move(event, c, column) {
    if (!this.dragging || this.dragging.pointerId !== event.pointerId) return;
    this.set(c, this.valueAt(event, column));
  }

  up(event, c) {
    if (!this.dragging || this.dragging.pointerId !== event.pointerId) return;
    this.dragging = null;
    this.readout.setAttribute("aria-busy", "false");
    this.commit();
  }

  key(event, c) {
    const [low, high] = this.range;
    const logits = this.data.mode === "logits";
    const step = logits ? 0.1 : 0.01;
    const page = logits ? 1 : 0.1;
    const v = this.values[c];
    const keys = {
      ArrowUp: v + step,
      ArrowRight: v + step,
      ArrowDown: v - step,
      ArrowLeft: v - step,
      PageUp: v + page,
      PageDown: v - page,
      Home: low,
      End: high,
    };
    if (!(event.key in keys)) return;
    event.preventDefault();
    // Round to the step so that repeated presses land on tidy numbers.
    const target = Math.round(keys[event.key] / step) * step;
    this.set(c, Math.min(high, Math.max(low, Number(target.toPrecision(12)))));
    this.commit();
  }

  /** Move class `c` to `v` and paint the preview now, in this input event's frame. */
  set(c, v) {
    this.active = c;
    this.touched = true;
    this.values = moved(this.data.mode, this.values, c, v, this.range);
    this.dirty = true;
    this.paint("preview");
    this.stopTimer();
    if (this.dragging) this.timer = setTimeout(() => this.commit(), PAUSE_MS);
  }

  /** Send the values to Python (on release, after a pause, or after a key press). */
  commit() {
    this.stopTimer();
    if (!this.dirty) return;
    this.dirty = false;
    this.seq = (this.seq || 0) + 1;
    this.send("change", { values: this.values.slice(), seq: this.seq });
  }

  stopTimer() {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** For tests: a number as the widget writes it. */
  format(value) {
    return sig(value);
  }

  /** For tests: show the preview of arbitrary values exactly as a drag to them would (with
   * `other`, the other distribution of the entropy readout). */
  preview(values, active, other) {
    this.values = values.slice();
    if (active !== undefined && active !== null) this.active = active;
    if (other !== undefined) this.data = { ...this.data, other: other.slice() };
    this.paint("preview");
    return {
      loss: this.lossText.textContent,
      term: this.termText.textContent,
      kl: this.klText.textContent,
    };
  }

  // -------------------------------------------------------------- drawing

  paint(source) {
    const { mode, temperature } = this.data;
    const [low, high] = this.range;
    const span = high - low;
    const zero = (0 - low) / span;
    const shares = mode === "logits" ? softmax(this.values.map((v) => v / temperature)) : null;
    this.columns.forEach((parts, c) => {
      const v = this.values[c];
      const top = (Math.min(high, Math.max(low, v)) - low) / span;
      parts.bar.style.bottom = `${100 * Math.min(top, zero)}%`;
      parts.bar.style.height = `${100 * Math.abs(top - zero)}%`;
      parts.bar.classList.toggle("negative", v < 0);
      parts.label.classList.toggle("target", this.targetWeight(c) > 0);
      parts.handle.style.bottom = `${100 * top}%`;
      parts.value.style.bottom = `${100 * Math.max(top, zero)}%`;
      parts.value.textContent = sig(v);
      const probability = shares ? shares[c] : v;
      const h = parts.handle;
      h.setAttribute("aria-valuemin", String(low));
      h.setAttribute("aria-valuemax", String(high));
      h.setAttribute("aria-valuenow", String(v));
      const template = mode === "logits" ? this.data.text.valuetext_logit : this.data.text.valuetext;
      h.setAttribute(
        "aria-valuetext",
        fill(template, { name: this.data.classNames[c], value: sig(v), p: sig(probability) }),
      );
      if (shares) parts.share.textContent = sig(shares[c]);
    });
    this.softmaxCaption.textContent = this.data.text.softmax;
    if (shares) this.paintGradient(source, shares);
    this.paintReadout(source);
  }

  targetWeight(c) {
    if (this.data.readout === "entropy") return 0; // p and q: no true class to mark
    const target = this.data.target;
    return Array.isArray(target) ? target[c] : c === target ? 1 : 0;
  }

  paintReadout(source) {
    const { mode, target, temperature, lnBase, text, unit } = this.data;
    if (this.data.hideNumbers) {
      // A quiz hides the answer: no number until it is revealed.
      this.source = source;
      this.readout.dataset.source = source;
      this.lossText.textContent = this.termText.textContent = this.klText.textContent = "";
      return;
    }
    if (this.data.readout === "entropy") {
      const shown =
        source === "exact"
          ? this.data.exact.entropy
          : entropyScores(this.values, this.data.other, this.data.role, lnBase).map((v) => sig(v));
      this.source = source;
      this.readout.dataset.source = source;
      this.lossText.textContent = fill(text.entropy, { value: shown[0], unit });
      this.termText.textContent = fill(text.cross_entropy, { value: shown[1], unit });
      this.klText.textContent = fill(text.kl, { value: shown[2], unit });
      return;
    }
    let loss, term;
    if (source === "exact") {
      ({ loss } = this.data.exact);
      term = this.data.exact.terms[this.active];
    } else {
      const computed = scores(mode, this.values, target, temperature, lnBase);
      loss = sig(computed.loss);
      term = sig(computed.terms[this.active]);
    }
    this.source = source;
    this.readout.dataset.source = source;
    this.lossText.textContent = fill(text.loss, { value: loss, unit });
    this.termText.textContent = fill(text.term, { name: this.data.classNames[this.active], value: term, unit });
  }
}

function el(tag, className) {
  const node = document.createElement(tag);
  node.className = className;
  return node;
}
