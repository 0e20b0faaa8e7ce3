import type { FakeState } from '../fake-discord/state.js';

/**
 * Calls `changed` with the ids of messages created, edited or deleted, and `worldChanged` when
 * threads appear. The fake has no change event of its own, so its state methods are wrapped.
 * Reports are batched to the next turn of the event loop: the fake sets some fields (the
 * ephemeral flag) just after creating a message, and the page must see the finished message.
 */
export function observe(state: FakeState, changed: (ids: string[]) => void, worldChanged: () => void): void {
  const dirty = new Set<string>();
  let world = false;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const ids = [...dirty];
    dirty.clear();
    if (ids.length) changed(ids);
    if (world) (world = false), worldChanged();
  };
  const later = () => {
    if (!scheduled) (scheduled = true), setImmediate(flush);
  };
  const mark = (id: string) => (dirty.add(id), later());
  const markWorld = () => ((world = true), later());

  const create = state.createMessage.bind(state);
  state.createMessage = (...args) => {
    const message = create(...args);
    mark(message.id);
    return message;
  };
  const edit = state.editMessage.bind(state);
  state.editMessage = (message, ...rest) => {
    const edited = edit(message, ...rest);
    mark(message.id);
    return edited;
  };
  const remove = state.deleteMessage.bind(state);
  state.deleteMessage = (message) => {
    remove(message);
    mark(message.id);
  };
  const thread = state.createThread.bind(state);
  state.createThread = (...args) => {
    const created = thread(...args);
    markWorld();
    return created;
  };
}
