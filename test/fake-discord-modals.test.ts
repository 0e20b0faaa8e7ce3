import { type Client, LabelBuilder, MessageFlags, ModalBuilder, StringSelectMenuBuilder, TextInputBuilder, TextInputStyle, type Interaction } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectRawClient } from './helpers/raw-client.js';
import { FakeDiscord, type FakeGuild, type FakeUser } from '../src/fake-discord/index.js';

/** Modals with labels around text inputs and selects (component type 18), through the real discord.js client. */
let fake: FakeDiscord;
let client: Client;
let guild: FakeGuild;
let alice: FakeUser;
let onInteraction: (i: Interaction) => Promise<unknown> = async () => undefined;
const handlerErrors: unknown[] = [];

beforeAll(async () => {
  fake = await FakeDiscord.start();
  alice = fake.addUser({ username: 'alice' });
  guild = fake.addGuild({ name: 'Modal Test' });
  fake.addMember(guild.id, alice.id);
  client = await connectRawClient(fake, (i) => onInteraction(i), handlerErrors);
});

afterAll(async () => {
  await client?.destroy();
  await fake?.close();
});

afterEach(() => {
  onInteraction = async () => undefined;
  expect(handlerErrors.splice(0)).toEqual([]);
});

const feelings = () =>
  new StringSelectMenuBuilder()
    .setCustomId('feelings')
    .setRequired(false)
    .setMinValues(0)
    .setMaxValues(2)
    .addOptions({ label: 'Worried', value: 'worried' }, { label: 'Calm', value: 'calm' }, { label: 'Sad', value: 'sad' });

function labelledModal(extra = 0): ModalBuilder {
  const modal = new ModalBuilder()
    .setCustomId('entry')
    .setTitle('Entry')
    .addLabelComponents(
      new LabelBuilder().setLabel('What happened?').setTextInputComponent(new TextInputBuilder().setCustomId('happened').setStyle(TextInputStyle.Short)),
      new LabelBuilder().setLabel('Feelings').setDescription('Pick up to two').setStringSelectMenuComponent(feelings()),
    );
  for (let i = 0; i < extra; i++) {
    modal.addLabelComponents(
      new LabelBuilder()
        .setLabel(`Note ${i}`)
        .setTextInputComponent(new TextInputBuilder().setCustomId(`n${i}`).setStyle(TextInputStyle.Short).setRequired(false)),
    );
  }
  return modal;
}

describe('modals with labels and selects', () => {
  it('shows a labelled modal, and the submit carries text and select values back to discord.js', async () => {
    onInteraction = async (i) => {
      if (i.isChatInputCommand()) return i.showModal(labelledModal());
      if (i.isModalSubmit()) {
        const text = i.fields.getTextInputValue('happened');
        const values = i.fields.getStringSelectValues('feelings');
        return i.reply({ content: `${text} | ${values.join(',')}`, flags: MessageFlags.Ephemeral });
      }
    };
    const open = fake.slash({ user: alice.id, guildId: guild.id, name: 'entry' });
    const modal = await open.modal();
    expect((modal.components as { type: number }[]).map((c) => c.type)).toEqual([18, 18]);
    const reply = await fake.modalSubmit({ from: open, fields: { happened: 'late reply', feelings: ['worried', 'sad'] } }).reply();
    expect(reply.content).toBe('late reply | worried,sad');
    fake.assertNoViolations();
  });

  it("refuses what Discord's client would not send: unknown options, too many values, a missing required text", async () => {
    onInteraction = async (i) => (i.isChatInputCommand() ? i.showModal(labelledModal()) : undefined);
    const open = fake.slash({ user: alice.id, guildId: guild.id, name: 'entry' });
    await open.modal();
    expect(() => fake.modalSubmit({ from: open, fields: { happened: 'x', feelings: ['angry'] } })).toThrow(/no option/);
    expect(() => fake.modalSubmit({ from: open, fields: { happened: 'x', feelings: ['worried', 'calm', 'sad'] } })).toThrow(/0 to 2 values|takes 0 to 2/);
    expect(() => fake.modalSubmit({ from: open, fields: { feelings: ['calm'] } })).toThrow(/required/);
    fake.assertNoViolations();
  });

  it('records a violation for more than five top-level components in a modal', async () => {
    onInteraction = async (i) => (i.isChatInputCommand() ? i.showModal(labelledModal(4)) : undefined);
    await fake.slash({ user: alice.id, guildId: guild.id, name: 'entry' }).modal();
    const violations = fake.takeViolations();
    expect(JSON.stringify(violations)).toMatch(/at most 5 top-level components, got 6/);
  });
});
