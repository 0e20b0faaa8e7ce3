// The message box. Typing "/" lists the bot's registered commands (subcommands as their own
// entries, as Discord does); picking one turns the box into option fields whose choices,
// autocomplete results, members or channels appear in a popup above it.

const T = { Sub: 1, Group: 2, String: 3, Integer: 4, Boolean: 5, User: 6, Channel: 7, Role: 8, Mentionable: 9, Number: 10, Attachment: 11 };
const AUTOCOMPLETE_DELAY_MS = 200;

/** One entry per runnable command path: `/reminders add`, `/learn`, ... */
export function commandEntries(commands) {
  const out = [];
  for (const c of commands) {
    const subs = c.options.filter((o) => o.type === T.Sub || o.type === T.Group);
    if (!subs.length) out.push({ name: c.name, path: c.name, description: c.description, options: c.options });
    for (const s of subs) {
      if (s.type === T.Sub) out.push({ name: c.name, subcommand: s.name, path: `${c.name} ${s.name}`, description: s.description, options: s.options ?? [] });
      else
        for (const sub of s.options ?? [])
          out.push({
            name: c.name,
            group: s.name,
            subcommand: sub.name,
            path: `${c.name} ${s.name} ${sub.name}`,
            description: sub.description,
            options: sub.options ?? [],
          });
    }
  }
  return out;
}

export class Composer {
  /** host: { entries(), placeholder(), pickables(), say(text), run(invocation), autocomplete(invocation, focused) } */
  constructor(dom, host) {
    this.dom = dom;
    this.host = host;
    this.entry = null;
    this.fields = [];
    this.items = [];
    this.highlight = -1;
    this.focusedField = null;
    this.autocompleteTimer = 0;
    this.autocompleteSeq = 0;
    const { input, form, popup } = dom;
    input.addEventListener('input', () => this.refresh());
    input.addEventListener('keydown', (e) => this.onKey(e, null));
    input.addEventListener('focus', () => {
      this.focusedField = null;
      this.refresh();
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.send();
    });
    popup.addEventListener('mousedown', (e) => {
      // mousedown, not click: picking must happen before the field loses focus.
      const item = e.target.closest('[data-index]');
      if (!item) return;
      e.preventDefault();
      this.pick(Number(item.dataset.index));
    });
    dom.chip.addEventListener('click', () => this.cancel());
    document.addEventListener('mousedown', (e) => {
      if (!dom.form.contains(e.target)) this.closePopup();
    });
  }

  reset() {
    this.entry = null;
    this.fields = [];
    this.dom.optionsBox.replaceChildren();
    this.dom.optionsBox.hidden = true;
    this.dom.chip.hidden = true;
    this.dom.input.value = '';
    this.dom.input.placeholder = this.host.placeholder();
    this.showError('');
    this.closePopup();
  }

  focus() {
    (this.fields.find((f) => !f.input.value && f.def.required)?.input ?? this.dom.input).focus();
  }

  cancel() {
    const name = this.entry ? `/${this.entry.path}` : '';
    this.reset();
    this.dom.input.value = name;
    this.dom.input.focus();
    this.refresh();
  }

  showError(text) {
    this.dom.error.textContent = text;
    this.dom.error.hidden = !text;
  }

  // ---- choosing a command ----------------------------------------------------------------

  choose(entry) {
    this.entry = entry;
    this.dom.input.value = '';
    this.dom.input.placeholder = 'Press Enter to send';
    this.dom.chip.textContent = `/${entry.path}`;
    this.dom.chip.title = 'Click to change the command';
    this.dom.chip.hidden = false;
    const defs = [...entry.options].sort((a, b) => Number(Boolean(b.required)) - Number(Boolean(a.required)));
    this.fields = defs.map((def) => this.field(def));
    this.dom.optionsBox.replaceChildren(...this.fields.map((f) => f.label));
    this.dom.optionsBox.hidden = this.fields.length === 0;
    this.closePopup();
    this.focus();
  }

  field(def) {
    const label = document.createElement('label');
    label.className = `opt${def.required ? ' required' : ' optional'}`;
    const name = document.createElement('span');
    name.className = 'opt-name';
    name.textContent = def.name;
    const input = document.createElement('input');
    input.className = 'opt-input';
    input.dataset.option = def.name;
    input.placeholder = def.required ? 'required' : 'optional';
    input.size = 10;
    input.spellcheck = false;
    label.append(name, input);
    label.title = def.description ?? '';
    const f = { def, label, input };
    input.addEventListener('focus', () => {
      this.focusedField = f;
      this.refresh();
    });
    input.addEventListener('input', () => {
      delete input.dataset.value;
      input.size = Math.max(10, input.value.length + 1);
      this.refresh();
    });
    input.addEventListener('keydown', (e) => this.onKey(e, f));
    return f;
  }

  // ---- the popup ---------------------------------------------------------------------------

  refresh() {
    this.showError('');
    if (!this.entry) {
      const text = this.dom.input.value;
      if (!text.startsWith('/')) return this.closePopup();
      const query = text.slice(1).trim().toLowerCase().replace(/\s+/g, ' ');
      const entries = this.host.entries().filter((e) => e.path.startsWith(query) || (query.length > 1 && e.path.includes(query)));
      const header = entries.length ? 'Secure Base' : `No commands match /${query}`;
      return this.openPopup(
        header,
        entries.map((e) => ({ kind: 'command', entry: e, label: `/${e.path}`, hint: e.options.map((o) => o.name).join('  '), description: e.description })),
        0,
      );
    }
    const f = this.focusedField;
    if (!f) return this.closePopup();
    const { def, input } = f;
    const header = `${def.name}${def.required ? '' : ' (optional)'}: ${def.description ?? ''}`;
    const typed = input.value.trim().toLowerCase();
    if (def.autocomplete) return this.requestAutocomplete(f, header);
    const items = this.staticChoices(def)
      .filter((c) => !typed || String(c.name).toLowerCase().includes(typed))
      .map((c) => ({ kind: 'choice', label: c.name, value: String(c.value), description: c.description }));
    this.openPopup(header, items, items.length ? 0 : -1);
  }

  staticChoices(def) {
    const p = this.host.pickables();
    if (def.choices?.length) return def.choices;
    switch (def.type) {
      case T.Boolean:
        return [
          { name: 'True', value: 'true' },
          { name: 'False', value: 'false' },
        ];
      case T.User:
        return p.members.map((m) => ({ name: m.name, value: m.id }));
      case T.Role:
        return p.roles.map((r) => ({ name: r.name, value: r.id }));
      case T.Mentionable:
        return [...p.members.map((m) => ({ name: m.name, value: m.id })), ...p.roles.map((r) => ({ name: r.name, value: r.id }))];
      case T.Channel:
        return p.channels.filter((c) => !def.channel_types || def.channel_types.includes(c.thread ? 11 : 0)).map((c) => ({ name: `#${c.name}`, value: c.id }));
      default:
        return [];
    }
  }

  requestAutocomplete(f, header) {
    clearTimeout(this.autocompleteTimer);
    const seq = ++this.autocompleteSeq;
    this.openPopup(
      header,
      this.items.filter((i) => i.kind === 'choice'),
      this.highlight,
      'Searching…',
    );
    this.autocompleteTimer = setTimeout(async () => {
      // Focus may have moved on (to the next option) while waiting: Discord only asks for the focused one.
      if (seq !== this.autocompleteSeq || this.focusedField !== f) return;
      let choices = [];
      try {
        choices = await this.host.autocomplete(this.invocation(true), f.def.name);
      } catch (error) {
        if (seq === this.autocompleteSeq) this.showError(error.message);
      }
      if (seq !== this.autocompleteSeq || this.focusedField !== f) return;
      const items = choices.map((c) => ({ kind: 'choice', label: c.name, value: String(c.value) }));
      this.openPopup(header, items, items.length ? 0 : -1, items.length ? '' : 'No suggestions: you can type your own.');
    }, AUTOCOMPLETE_DELAY_MS);
  }

  openPopup(header, items, highlight, note = '') {
    this.items = items;
    this.highlight = highlight;
    const popup = this.dom.popup;
    popup.replaceChildren();
    const h = document.createElement('div');
    h.className = 'popup-header';
    h.textContent = header;
    popup.append(h);
    items.forEach((item, i) => {
      const row = document.createElement('div');
      row.className = `popup-item${i === highlight ? ' active' : ''}`;
      row.dataset.index = String(i);
      row.setAttribute('role', 'option');
      const label = document.createElement('span');
      label.className = 'popup-label';
      label.textContent = item.label;
      row.append(label);
      if (item.hint) {
        const hint = document.createElement('span');
        hint.className = 'popup-hint';
        hint.textContent = item.hint;
        row.append(hint);
      }
      if (item.description) {
        const d = document.createElement('span');
        d.className = 'popup-description';
        d.textContent = item.description;
        row.append(d);
      }
      popup.append(row);
    });
    if (note) {
      const n = document.createElement('div');
      n.className = 'popup-note';
      n.textContent = note;
      popup.append(n);
    }
    popup.hidden = false;
    popup.querySelector('.active')?.scrollIntoView({ block: 'nearest' });
  }

  closePopup() {
    this.items = [];
    this.highlight = -1;
    this.dom.popup.hidden = true;
  }

  pick(index) {
    const item = this.items[index];
    if (!item) return;
    if (item.kind === 'command') return this.choose(item.entry);
    const f = this.focusedField;
    if (!f) return;
    f.input.value = item.label;
    f.input.dataset.value = item.value;
    f.input.size = Math.max(10, item.label.length + 1);
    this.closePopup();
    const next = this.fields.find((x) => x.def.required && !x.input.value);
    (next?.input ?? this.dom.input).focus();
  }

  onKey(e, f) {
    const open = !this.dom.popup.hidden && this.items.length > 0;
    if (open && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      e.preventDefault();
      const n = this.items.length;
      this.openPopup(this.dom.popup.firstChild.textContent, this.items, (this.highlight + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
    } else if ((e.key === 'Enter' || e.key === 'Tab') && open && this.highlight >= 0) {
      e.preventDefault();
      this.pick(this.highlight);
    } else if (e.key === 'Escape') {
      if (!this.dom.popup.hidden) this.closePopup();
      else if (this.entry) this.cancel();
    } else if (e.key === 'Backspace' && this.entry && !e.target.value && (f === null ? this.fields.length === 0 : f === this.fields[0])) {
      e.preventDefault();
      this.cancel();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      this.send();
    }
  }

  // ---- sending -----------------------------------------------------------------------------

  /** The command as typed; `partial` (autocomplete) sends whatever is in each field. */
  invocation(partial = false) {
    const options = {};
    for (const { def, input } of this.fields) {
      const text = input.value.trim();
      if (!text) {
        if (def.required && !partial) throw new Error(`"${def.name}" is required.`);
        continue;
      }
      let value = input.dataset.value;
      if (value === undefined) {
        const match = this.staticChoices(def).find((c) => String(c.name).toLowerCase() === text.toLowerCase());
        if (match) value = String(match.value);
        else if (!partial && (def.choices?.length || [T.Boolean, T.User, T.Role, T.Mentionable, T.Channel].includes(def.type))) {
          throw new Error(`Pick one of the choices for "${def.name}".`);
        } else value = text;
      }
      options[def.name] = value;
    }
    const e = this.entry;
    return { name: e.name, ...(e.subcommand ? { subcommand: e.subcommand } : {}), ...(e.group ? { group: e.group } : {}), options };
  }

  async send() {
    if (!this.entry) {
      const text = this.dom.input.value.trim();
      if (!text) return;
      if (text.startsWith('/')) {
        const exact = this.host.entries().find((e) => `/${e.path}` === text.replace(/\s+/g, ' '));
        if (exact) return this.choose(exact);
        return this.showError(`There is no ${text} command here. Type / to see the list.`);
      }
      this.reset();
      return this.host.say(text);
    }
    let invocation;
    try {
      invocation = this.invocation();
    } catch (error) {
      return this.showError(error.message);
    }
    this.reset();
    this.dom.input.focus();
    await this.host.run(invocation);
  }
}
