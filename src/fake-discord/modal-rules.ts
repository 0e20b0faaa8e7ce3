import type { Json } from './types.js';

/** Discord shows at most five components at the top of a modal (its OpenAPI description allows 40). */
export const MAX_MODAL_COMPONENTS = 5;
const SELECTS = new Set([3, 5, 6, 7, 8]);
/** What a label may wrap in a modal: text input, the selects, file upload, radio group, checkbox group, checkbox. */
const LABEL_CHILDREN = new Set([3, 4, 5, 6, 7, 8, 19, 21, 22, 23]);

/** Rules on a modal's layout (callback type 9) that the spec does not express; one line per problem. */
export function checkModalLayout(components: unknown, at: string): string[] {
  if (!Array.isArray(components)) return [];
  const problems: string[] = [];
  if (components.length > MAX_MODAL_COMPONENTS) {
    problems.push(`${at}/components: a modal holds at most ${MAX_MODAL_COMPONENTS} top-level components, got ${components.length}`);
  }
  (components as Json[]).forEach((c, i) => {
    if (c.type !== 18) return;
    const child = c.component as Json | undefined;
    if (!child || !LABEL_CHILDREN.has(child.type as number)) problems.push(`${at}/components/${i}: a label needs one input or select as its component`);
    if (child && SELECTS.has(child.type as number) && child.disabled) problems.push(`${at}/components/${i}/component: selects in modals cannot be disabled`);
  });
  return problems;
}

/**
 * What Discord's client lets a member submit for one field of a shown modal; throws like the
 * client refuses. A string select only returns offered values, within min/max, and a required one
 * needs at least one value.
 */
export function checkModalValue(component: Json, given: string | string[] | undefined): void {
  const id = String(component.custom_id);
  if (component.type !== 3) return;
  const values = Array.isArray(given) ? given : given ? [given] : [];
  const offered = ((component.options as Json[] | undefined) ?? []).map((o) => o.value);
  const unknown = values.filter((v) => !offered.includes(v));
  if (unknown.length) throw new Error(`FakeDiscord: modal select "${id}" has no option(s) ${unknown.join(', ')}`);
  const min = (component.min_values as number | undefined) ?? 1;
  const max = (component.max_values as number | undefined) ?? 1;
  const required = (component.required as boolean | undefined) ?? true;
  if (values.length === 0 && !required) return;
  if (values.length < min || values.length > max) throw new Error(`FakeDiscord: modal select "${id}" takes ${min} to ${max} values, got ${values.length}`);
}
