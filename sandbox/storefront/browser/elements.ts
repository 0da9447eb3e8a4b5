/**
 * The checkout's Polaris web components (s-*) the extensions use, as plain
 * accessible HTML: custom elements whose properties Preact sets, with native
 * controls in a shadow root where a control is needed (a checkbox, a button)
 * and light-DOM children slotted. Looks are kept simple on purpose: this is
 * a preview of what the extensions say and do, not of Shopify's styling.
 */

type Props = Record<string, unknown>;

abstract class PolarisElement extends HTMLElement {
  props: Props = {};
  static readonly propNames: string[] = [];

  static get observedAttributes() {
    return this.propNames.map((name) => name.toLowerCase());
  }

  attributeChangedCallback(name: string, _old: string | null, value: string | null) {
    const prop = (this.constructor as typeof PolarisElement).propNames.find((p) => p.toLowerCase() === name) ?? name;
    if (this.props[prop] !== value && typeof this.props[prop] !== "boolean") {
      this.props[prop] = value;
      this.update();
    }
  }

  connectedCallback() {
    this.update();
  }

  protected abstract update(): void;
}

/** Defines `name` with property accessors for each of `propNames` (Preact sets properties when they exist). */
function define(name: string, propNames: string[], update: (element: HTMLElement & { props: Props }) => void, shadow?: string) {
  class Element extends PolarisElement {
    static override readonly propNames = propNames;
    constructor() {
      super();
      if (shadow !== undefined) this.attachShadow({ mode: "open" }).innerHTML = shadow;
    }
    protected update() {
      update(this as unknown as HTMLElement & { props: Props });
    }
  }
  for (const prop of propNames) {
    Object.defineProperty(Element.prototype, prop, {
      get(this: PolarisElement) {
        return this.props[prop];
      },
      set(this: PolarisElement & { update(): void }, value: unknown) {
        this.props[prop] = value;
        this.update();
      },
    });
  }
  if (!customElements.get(name)) customElements.define(name, Element);
}

const STYLE = `
s-box { display: block; }
s-box[data-border] { border: 1px solid #d4d4d4; border-radius: 8px; padding: 12px; background: #fafafa; }
s-stack { display: flex; flex-direction: column; gap: 6px; }
s-stack[data-inline] { flex-direction: row; align-items: baseline; flex-wrap: wrap; }
s-text[data-strong] { font-weight: 600; }
s-text[data-redundant] { text-decoration: line-through; }
s-text[data-subdued], s-paragraph[data-subdued] { color: #616161; }
s-text[data-critical] { color: #b3261e; }
s-text[data-exclusive] { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
s-paragraph { display: block; }
s-section { display: block; border: 1px solid #d4d4d4; border-radius: 8px; padding: 16px; }
`;

export function defineElements() {
  if (!document.getElementById("polaris-stand-in")) {
    const style = document.createElement("style");
    style.id = "polaris-stand-in";
    style.textContent = STYLE;
    document.head.append(style);
  }
  const flag = (element: HTMLElement, name: string, on: boolean) => element.toggleAttribute(`data-${name}`, on);

  define("s-box", ["border", "borderRadius", "padding", "background", "accessibilityLabel"], (el) => {
    flag(el, "border", Boolean(el.props.border));
    if (el.props.accessibilityLabel) {
      el.setAttribute("role", "group");
      el.setAttribute("aria-label", String(el.props.accessibilityLabel));
    }
  });
  define("s-stack", ["direction", "gap", "alignItems"], (el) => flag(el, "inline", el.props.direction === "inline"));
  define("s-text", ["type", "color", "tone", "accessibilityVisibility"], (el) => {
    flag(el, "strong", el.props.type === "strong");
    flag(el, "redundant", el.props.type === "redundant");
    flag(el, "subdued", el.props.color === "subdued");
    flag(el, "critical", el.props.tone === "critical");
    flag(el, "exclusive", el.props.accessibilityVisibility === "exclusive");
    if (el.props.accessibilityVisibility === "hidden") el.setAttribute("aria-hidden", "true");
    else el.removeAttribute("aria-hidden");
    // A struck-through price is a deletion for assistive technology too.
    if (el.props.type === "redundant") el.setAttribute("role", "deletion");
  });
  define("s-paragraph", ["color"], (el) => flag(el, "subdued", el.props.color === "subdued"));
  define(
    "s-product-thumbnail",
    ["src", "alt", "size"],
    (el) => {
      const img = el.shadowRoot?.querySelector("img");
      if (!img) return;
      img.src = String(el.props.src ?? "");
      img.alt = String(el.props.alt ?? "");
    },
    `<img width="56" height="56" style="object-fit:cover;border-radius:6px">`,
  );
  define(
    "s-checkbox",
    ["label", "checked", "disabled", "name"],
    (el) => {
      const input = el.shadowRoot?.querySelector("input");
      const text = el.shadowRoot?.querySelector("span");
      if (!input || !text) return;
      input.checked = Boolean(el.props.checked);
      input.disabled = Boolean(el.props.disabled);
      text.textContent = String(el.props.label ?? "");
      if (!input.dataset.wired) {
        input.dataset.wired = "1";
        // The native change stays inside the shadow root: tell the extension, as Polaris's checkbox does.
        input.addEventListener("change", () => {
          el.props.checked = input.checked;
          el.dispatchEvent(new Event("change", { bubbles: true }));
        });
      }
    },
    `<label style="display:flex;gap:8px;align-items:center;font-weight:600"><input type="checkbox"><span></span></label>`,
  );
  define(
    "s-banner",
    ["tone", "heading"],
    (el) => {
      el.setAttribute("role", el.props.tone === "critical" ? "alert" : "status");
      el.style.cssText = `display:block;padding:8px 12px;border-radius:6px;background:${el.props.tone === "critical" ? "#fde8e8" : "#eaf4fd"}`;
    },
    `<slot></slot>`,
  );
  define(
    "s-button",
    ["variant", "href", "loading", "disabled"],
    (el) => {
      const root = el.shadowRoot;
      if (!root) return;
      const href = el.props.href ? String(el.props.href) : null;
      const wanted = href ? "a" : "button";
      let control = root.querySelector<HTMLElement>("a, button");
      if (!control || control.localName !== wanted) {
        control = document.createElement(wanted);
        control.style.cssText = "display:inline-block;padding:10px 16px;border-radius:6px;border:0;background:#1773b0;color:#fff;font:inherit;cursor:pointer;text-decoration:none";
        control.append(document.createElement("slot"));
        root.replaceChildren(control);
      }
      if (href) control.setAttribute("href", href);
      else {
        (control as HTMLButtonElement).type = "button";
        (control as HTMLButtonElement).disabled = Boolean(el.props.disabled || el.props.loading);
      }
      control.setAttribute("aria-busy", String(Boolean(el.props.loading)));
    },
    "",
  );
  define(
    "s-section",
    ["heading", "accessibilityLabel"],
    (el) => {
      const h2 = el.shadowRoot?.querySelector("h2");
      if (h2) h2.textContent = String(el.props.heading ?? "");
      el.setAttribute("role", "region");
      el.setAttribute("aria-label", String(el.props.accessibilityLabel ?? el.props.heading ?? ""));
    },
    `<h2 style="font-size:18px;margin:0 0 12px"></h2><slot></slot>`,
  );
}
