import type { FakeComponent } from './types.js';

type WithComponents = { components?: readonly FakeComponent[] | unknown };

/** Depth-first search through action rows, containers, sections (accessories) and labels. */
export function findComponent(message: WithComponents, predicate: (c: FakeComponent) => boolean): FakeComponent | undefined {
  const stack = [...((message.components as FakeComponent[] | undefined) ?? [])];
  while (stack.length) {
    const c = stack.shift()!;
    if (predicate(c)) return c;
    if (Array.isArray(c.components)) stack.unshift(...c.components);
    if (c.accessory) stack.unshift(c.accessory);
    if (c.component) stack.unshift(c.component);
  }
  return undefined;
}

/** The button whose label is `label` (exact string or a RegExp); throws listing the labels otherwise. */
export function findButton(message: WithComponents, label: string | RegExp): FakeComponent & { custom_id: string } {
  const matches = (l: unknown) => typeof l === 'string' && (typeof label === 'string' ? l === label : label.test(l));
  const button = findComponent(message, (c) => c.type === 2 && matches(c.label));
  if (!button) {
    const labels: string[] = [];
    findComponent(message, (c) => {
      if (c.type === 2) labels.push(String(c.label));
      return false;
    });
    throw new Error(`FakeDiscord: no button labelled ${String(label)} (buttons: ${labels.join(', ') || 'none'})`);
  }
  return button as FakeComponent & { custom_id: string };
}

/** Every custom_id on a message, in display order. */
export function customIds(message: WithComponents): string[] {
  const ids: string[] = [];
  findComponent(message, (c) => {
    if (typeof c.custom_id === 'string') ids.push(c.custom_id);
    return false;
  });
  return ids;
}
