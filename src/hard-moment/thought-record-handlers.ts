import type { ComponentHandler, ComponentInteraction } from '../interactions/command.js';
import type { BotContext } from '../interactions/context.js';
import type { CustomId } from '../interactions/custom-id.js';
import { respondPrivately } from '../interactions/respond.js';
import { saveToLogRow } from '../log/views.js';
import {
  badBeliefView,
  parseBelief,
  recordView,
  stepView,
  thoughtModal,
  thoughtRecordLogEntry,
  type ThoughtRecord,
  type ThoughtRecordDraft,
} from './thought-record.js';
import { fieldValue, replaceOrRespond } from './views.js';

/** The record a finished draft holds, or null while forms are left (for a "save to my log" button). */
export function finishedRecord(draft: ThoughtRecordDraft | undefined): ThoughtRecord | null {
  if (!draft || draft.completedAt === undefined) return null;
  const { situation = '', thought = '', beliefBefore, evidenceFor = '', evidenceAgainst = '', balancedThought = '', beliefAfter, completedAt } = draft;
  if (beliefBefore === undefined || beliefAfter === undefined) return null;
  return { situation, thought, beliefBefore, evidenceFor, evidenceAgainst, balancedThought, beliefAfter, completedAt };
}

/** Opens step 1 of a new thought record (the challenge-thoughts exercise). */
export async function openThoughtRecord(interaction: ComponentInteraction, ctx: BotContext): Promise<void> {
  if (!interaction.isButton()) return;
  const owner = interaction.user.id;
  const recordId = ctx.moments.thoughtRecords.put(owner, { step: 1 });
  await interaction.showModal(thoughtModal(ctx.content, interaction.locale, owner, recordId, 1));
}

async function gone(interaction: ComponentInteraction, ctx: BotContext): Promise<void> {
  await respondPrivately(interaction, ctx.content.t(interaction.locale, 'thought.gone'));
}

function held(interaction: ComponentInteraction, id: CustomId, ctx: BotContext): { recordId: string; draft: ThoughtRecordDraft | undefined } {
  const recordId = id.args[0] ?? '';
  return { recordId, draft: ctx.moments.thoughtRecords.get(recordId, interaction.user.id) };
}

/** The forms of a thought record and the buttons between them, keyed like every component handler. */
export const thoughtRecordComponents: Record<string, ComponentHandler> = {
  async 'tr-open'(interaction, id, ctx) {
    if (!interaction.isButton()) return;
    const { recordId, draft } = held(interaction, id, ctx);
    const step = Number(id.args[1]);
    if (!draft || draft.completedAt !== undefined) return gone(interaction, ctx);
    if (step !== 1 && step !== 2 && step !== 3) return gone(interaction, ctx);
    await interaction.showModal(thoughtModal(ctx.content, interaction.locale, interaction.user.id, recordId, Math.min(step, draft.step) as 1 | 2 | 3, draft));
  },
  async 'tr-cancel'(interaction, id, ctx) {
    ctx.moments.thoughtRecords.delete(id.args[0] ?? '');
    await replaceOrRespond(interaction, { content: ctx.content.t(interaction.locale, 'thought.cancelled') });
  },
  async tr1(interaction, id, ctx) {
    if (!interaction.isModalSubmit()) return;
    const { recordId, draft } = held(interaction, id, ctx);
    if (!draft) return gone(interaction, ctx);
    const owner = interaction.user.id;
    const raw = fieldValue(interaction, 'belief');
    const belief = parseBelief(raw);
    const next: ThoughtRecordDraft = { ...draft, situation: fieldValue(interaction, 'situation'), thought: fieldValue(interaction, 'thought') };
    if (belief === null) {
      ctx.moments.thoughtRecords.set(recordId, owner, { ...next, pendingBelief: raw });
      return replaceOrRespond(interaction, badBeliefView(ctx.content, interaction.locale, owner, recordId, 1, raw));
    }
    delete next.pendingBelief;
    ctx.moments.thoughtRecords.set(recordId, owner, { ...next, beliefBefore: belief, step: Math.max(draft.step, 2) as 2 | 3 });
    await replaceOrRespond(interaction, stepView(ctx.content, interaction.locale, owner, recordId, 1, belief));
  },
  async tr2(interaction, id, ctx) {
    if (!interaction.isModalSubmit()) return;
    const { recordId, draft } = held(interaction, id, ctx);
    if (!draft || draft.step < 2) return gone(interaction, ctx);
    const owner = interaction.user.id;
    ctx.moments.thoughtRecords.set(recordId, owner, {
      ...draft,
      evidenceFor: fieldValue(interaction, 'for'),
      evidenceAgainst: fieldValue(interaction, 'against'),
      step: 3,
    });
    await replaceOrRespond(interaction, stepView(ctx.content, interaction.locale, owner, recordId, 2));
  },
  async tr3(interaction, id, ctx) {
    if (!interaction.isModalSubmit()) return;
    const { recordId, draft } = held(interaction, id, ctx);
    if (!draft || draft.step < 3) return gone(interaction, ctx);
    const owner = interaction.user.id;
    const raw = fieldValue(interaction, 'belief');
    const belief = parseBelief(raw);
    const next: ThoughtRecordDraft = { ...draft, balancedThought: fieldValue(interaction, 'balanced') };
    if (belief === null) {
      ctx.moments.thoughtRecords.set(recordId, owner, { ...next, pendingBelief: raw });
      return replaceOrRespond(interaction, badBeliefView(ctx.content, interaction.locale, owner, recordId, 3, raw));
    }
    delete next.pendingBelief;
    // The finished record stays held (memory only) for the rest of the hour, so a later
    // "save to my log" can take it by id; nothing is written anywhere unless the member asks.
    const done: ThoughtRecordDraft = { ...next, beliefAfter: belief, completedAt: ctx.clock.now() };
    ctx.moments.thoughtRecords.set(recordId, owner, done);
    const record = finishedRecord(done)!;
    // "Save to my log" takes it from memory only if pressed (the same 15 minutes as the writing exercises).
    const heldKey = ctx.heldTexts.hold(owner, thoughtRecordLogEntry(ctx.content, interaction.locale, record));
    const view = recordView(ctx.content, interaction.locale, record);
    await replaceOrRespond(interaction, { ...view, components: [saveToLogRow(ctx, interaction.locale, owner, heldKey)] });
  },
};
