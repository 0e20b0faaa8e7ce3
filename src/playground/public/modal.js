// A form the bot asked Discord to show (interaction callback type 9). Supports the classic
// layout (action rows of text inputs) and the newer one (labels around inputs and selects).
import { markdown } from './markdown.js';

const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
};

/** Shows the modal; `submit(fields)` resolves on success or throws an Error to show. */
export function openModal(root, modal, ctx, submit) {
  const dialog = el('form', 'modal');
  dialog.setAttribute('role', 'dialog');
  dialog.setAttribute('aria-modal', 'true');
  dialog.setAttribute('aria-label', modal.title ?? 'Form');
  const header = el('div', 'modal-header');
  header.append(el('span', 'modal-app', 'Secure Base'), el('h2', 'modal-title', modal.title ?? ''));
  const body = el('div', 'modal-body');
  const inputs = [];
  for (const row of modal.components ?? []) {
    if (row.type === 1) for (const c of row.components ?? []) body.append(control(c, c.label, undefined, inputs));
    else if (row.type === 18 && row.component) body.append(control(row.component, row.label, row.description, inputs));
    else if (row.type === 10) {
      const text = el('div', 'modal-text');
      text.innerHTML = markdown(row.content ?? '', ctx);
      body.append(text);
    }
  }
  const error = el('div', 'modal-error');
  error.hidden = true;
  const footer = el('div', 'modal-footer');
  const cancel = el('button', 'link-button', 'Cancel');
  cancel.type = 'button';
  const ok = el('button', 'dbutton primary', 'Submit');
  ok.type = 'submit';
  footer.append(cancel, ok);
  dialog.append(header, body, error, footer);
  root.replaceChildren(dialog);
  root.hidden = false;
  inputs[0]?.node.focus();

  const close = () => {
    root.hidden = true;
    root.replaceChildren();
  };
  cancel.addEventListener('click', close);
  dialog.addEventListener('keydown', (e) => e.key === 'Escape' && close());
  dialog.addEventListener('submit', async (e) => {
    e.preventDefault();
    const fields = {};
    for (const { id, node } of inputs) {
      if (node.tagName === 'SELECT') fields[id] = [...node.selectedOptions].map((o) => o.value).filter(Boolean);
      else if (node.tagName === 'FIELDSET') fields[id] = [...node.querySelectorAll('input:checked')].map((box) => box.value);
      else fields[id] = node.value;
    }
    ok.disabled = true;
    try {
      await submit(fields);
      close();
    } catch (err) {
      error.textContent = err.message;
      error.hidden = false;
      ok.disabled = false;
    }
  });
}

function control(c, label, description, inputs) {
  const several = c.type === 3 && (c.max_values ?? 1) > 1;
  // A group of checkboxes has its own labels, so its wrapper cannot be a <label> too.
  const wrap = el(several ? 'div' : 'label', 'modal-field');
  const title = el('span', 'modal-label', label ?? c.custom_id);
  if (c.required !== false && c.type === 4) title.append(el('span', 'required-star', ' *'));
  wrap.append(title);
  if (description) wrap.append(el('span', 'modal-description', description));
  let node;
  if (c.type === 4) {
    node = c.style === 2 ? el('textarea', 'modal-input') : el('input', 'modal-input');
    if (c.placeholder) node.placeholder = c.placeholder;
    if (c.value) node.value = c.value;
    if (c.max_length) node.maxLength = c.max_length;
    if (c.min_length) node.minLength = c.min_length;
    node.required = c.required !== false;
    if (c.style === 2) node.rows = 4;
  } else if (several) {
    // Several answers: a list of checkboxes (Discord shows a dropdown with ticks), capped at max_values.
    node = el('fieldset', 'modal-choices');
    node.setAttribute('aria-label', label ?? c.custom_id);
    const max = c.max_values;
    for (const o of c.options ?? []) {
      const row = el('label', 'modal-choice');
      const box = el('input');
      box.type = 'checkbox';
      box.value = o.value;
      box.checked = Boolean(o.default);
      box.addEventListener('change', () => {
        const checked = node.querySelectorAll('input:checked').length;
        for (const other of node.querySelectorAll('input')) other.disabled = !other.checked && checked >= max;
      });
      row.append(box, el('span', '', o.label));
      node.append(row);
    }
  } else if (c.type === 3) {
    node = el('select', 'modal-input');
    node.multiple = (c.max_values ?? 1) > 1;
    if (!node.multiple) {
      const none = el('option', '', c.placeholder ?? 'Make a selection');
      none.value = '';
      node.append(none);
    }
    for (const o of c.options ?? []) {
      const option = el('option', '', o.label);
      option.value = o.value;
      option.selected = Boolean(o.default);
      node.append(option);
    }
    node.required = c.required !== false && (c.min_values ?? 1) > 0;
  } else {
    node = el('div', 'unknown-component', `(this form field type ${c.type} is not shown in the playground)`);
    wrap.append(node);
    return wrap;
  }
  if (node.tagName === 'FIELDSET') node.dataset.name = c.custom_id;
  else node.name = c.custom_id;
  wrap.append(node);
  inputs.push({ id: c.custom_id, node });
  return wrap;
}
